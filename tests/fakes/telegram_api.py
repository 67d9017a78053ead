"""A fake Telegram Bot API on 127.0.0.1 for the real python-telegram-bot client.

Point `telegram.base_url` at `fake.base_url` ("http://127.0.0.1:PORT/bot").
Every call is recorded (`calls`, `sent(method)`); `inject_update` queues an
update for getUpdates (long polling honours `timeout`); `fail(method, times,
status)` makes the next calls answer an error (429 carries `retry_after`).
Supports getMe, sendMessage, editMessageText, editMessageReplyMarkup,
answerCallbackQuery, sendDocument, sendPhoto, getUpdates, setWebhook, deleteWebhook,
getWebhookInfo, getChat, getChatMember, setMyCommands, getFile (and file
downloads), and answers any other method with `true`.

A token in `revoked` is answered 401 Unauthorized, as Telegram does.
Every group exists with the bot as administrator, unless listed in
`missing_chats` (400 chat not found, for sendMessage too); a text over 4,096
characters is refused as "message is too long" or given another status in
`member_status` ("member", "left", ...); `privacy_mode` is what getMe says
(`can_read_all_group_messages` is its opposite). `add_file(data)` stores a
file for getFile and returns its file_id; `set_commands` holds the last
setMyCommands per scope.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ._server import FakeAPI, FakeHTTPServer, Reply, json_reply

#: Telegram's limit on a message's text, counted after HTML entities are parsed.
MAX_TEXT = 4096
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Absence Bot", "username": "absence_test_bot"}
TEXT_FIELDS = frozenset({"text", "caption", "parse_mode", "url", "secret_token", "callback_query_id", "inline_message_id", "filename"})


def plain(text: str) -> str:
    """Message text as Telegram delivers it back: HTML tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def decode_params(fields: dict[str, Any]) -> dict[str, Any]:
    """PTB sends strings raw and everything else JSON-encoded; undo that."""
    params: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, str) and key not in TEXT_FIELDS:
            try:
                params[key] = json.loads(value)
                continue
            except ValueError:
                pass
        params[key] = value
    return params


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Failure:
    times: int
    status: int
    description: str
    retry_after: int | None


class FakeTelegramAPI(FakeAPI):
    """Records Bot API calls and answers them like Telegram would."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._failures: dict[str, list[_Failure]] = {}
        #: What each sent or edited message says now, as Telegram would show it (tags stripped), by (chat, message id).
        self.texts: dict[tuple[int, int], str] = {}
        self.webhook_url = ""
        self.revoked: set[str] = set()
        self.missing_chats: set[int] = set()
        self.member_status: dict[int, str] = {}
        self.privacy_mode = True
        self.files: dict[str, bytes] = {}
        self.set_commands: dict[str, list[dict[str, Any]]] = {}
        self.server = FakeHTTPServer(self._route)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/bot"

    def stop(self) -> None:
        with self._lock:
            self._lock.notify_all()
        super().stop()

    def fail(self, method: str, *, times: int = 1, status: int = 429, retry_after: int | None = 1, description: str | None = None) -> None:
        """Answer the next `times` calls of `method` with an error."""
        text = description or {429: f"Too Many Requests: retry after {retry_after}", 403: "Forbidden: bot was blocked by the user"}.get(status, "Bad Gateway")
        with self._lock:
            self._failures.setdefault(method, []).append(_Failure(times, status, text, retry_after if status == 429 else None))

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every successful-or-not call of `method`, in order."""
        with self._lock:
            return [c.params for c in self.calls if c.method == method]

    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates, giving it the next update_id unless it has one."""
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._lock.notify_all()
        return update

    def private_message(self, user_id: int, text: str, *, first_name: str = "Parent", contact: dict[str, Any] | None = None) -> dict[str, Any]:
        """An update with a private-chat message from `user_id` (text or a shared contact)."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": {"id": user_id, "is_bot": False, "first_name": first_name},
        }
        if contact is not None:
            message["contact"] = contact
        else:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"message": message}

    def callback(
        self, user_id: int, data: str, *, chat_id: int | None = None, message_id: int = 1, first_name: str = "Parent", text: str | None = None,
    ) -> dict[str, Any]:
        """An update with an inline-button press by `user_id` on a message (its text as sent, unless `text` is given)."""
        chat = chat_id if chat_id is not None else user_id
        with self._lock:
            text = text if text is not None else self.texts.get((chat, message_id), "…")
        return {
            "callback_query": {
                "id": f"cb{next(self._message_ids)}",
                "from": {"id": user_id, "is_bot": False, "first_name": first_name},
                "chat_instance": str(chat),
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": chat, "type": "private" if chat > 0 else "supergroup", "title": "Staff"},
                    "text": text,
                },
            }
        }

    def add_file(self, data: bytes) -> str:
        """Store a file (e.g. a document a user sends) and return its file_id."""
        with self._lock:
            file_id = f"file{next(self._message_ids)}"
            self.files[file_id] = data
        return file_id

    def document_message(self, user_id: int, chat_id: int, data: bytes, file_name: str, *, mime_type: str = "text/csv") -> dict[str, Any]:
        """An update with a document sent by `user_id` in `chat_id` (a group when negative)."""
        file_id = self.add_file(data)
        chat = {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private", "title": "Staff"}
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name, "mime_type": mime_type, "file_size": len(data)}
        message = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Staff"}, "document": document,
        }
        return {"message": message}

    def _route(self, method: str, path: str, fields: dict[str, Any], headers: dict[str, str]) -> Reply:
        # the arrival time, taken before waiting for the lock: a test thread reading the calls holds it, and a time
        # taken after it can bunch calls that came seconds apart (once a burst's busiest minute read 21 sends here
        # where the service's own send times gave at most 15)
        arrived = time.monotonic()
        parts = path.strip("/").split("/")
        if len(parts) >= 3 and parts[0] == "file" and parts[1].startswith("bot"):
            return self._download(parts[2])
        if len(parts) < 2 or not parts[0].startswith("bot"):
            return json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        token, api_method = parts[0][3:], parts[1]
        params = decode_params(fields)
        with self._lock:
            self.calls.append(Call(api_method, params, token, at=arrived))
            self._lock.notify_all()
            if token in self.revoked:
                return json_reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            failure = self._take_failure(api_method)
        if failure is not None:
            body: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return json_reply(failure.status, body)
        chat_reply = self._chat_reply(api_method, params)
        if chat_reply is not None:
            return chat_reply
        return json_reply(200, {"ok": True, "result": self._result(api_method, params)})

    def _take_failure(self, method: str) -> _Failure | None:
        queue = self._failures.get(method) or []
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = params.get("chat_id", 0)
        chat_id = int(chat_id) if str(chat_id).lstrip("-").isdigit() else chat_id
        message = {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if isinstance(chat_id, int) and chat_id > 0 else "supergroup", "title": "Group"},
            "from": BOT_USER,
            **extra,
        }
        if "reply_markup" in params and isinstance(params["reply_markup"], dict) and "inline_keyboard" in params["reply_markup"]:
            message["reply_markup"] = params["reply_markup"]
        return message

    def _download(self, file_id: str) -> Reply:
        with self._lock:
            data = self.files.get(file_id)
        if data is None:
            return json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return 200, {"Content-Type": "application/octet-stream"}, data

    def _chat_reply(self, method: str, params: dict[str, Any]) -> Reply | None:
        """getChat / getChatMember answers, or an error for a chat the bot is not in."""
        if method == "editMessageText" and len(plain(str(params.get("text", "")))) > MAX_TEXT:
            return json_reply(400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"})
        if method not in ("getChat", "getChatMember", "sendMessage"):
            return None
        try:
            chat_id = int(params.get("chat_id", 0))
        except (TypeError, ValueError):
            return json_reply(400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
        if method == "sendMessage":
            if len(plain(str(params.get("text", "")))) > MAX_TEXT:
                return json_reply(400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"})
            if chat_id in self.missing_chats:
                return json_reply(400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
            return None
        if chat_id in self.missing_chats:
            return json_reply(400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
        if method == "getChat":
            return json_reply(200, {"ok": True, "result": {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}", "accent_color_id": 0, "max_reaction_count": 11}})
        status = self.member_status.get(chat_id, "administrator")
        member: dict[str, Any] = {"status": status, "user": BOT_USER}
        if status == "administrator":
            member |= {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
                       "can_manage_video_chats": False, "can_restrict_members": False, "can_promote_members": False,
                       "can_change_info": False, "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
                       "can_delete_stories": False}
        return json_reply(200, {"ok": True, "result": member})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER | {"can_join_groups": True, "can_read_all_group_messages": not self.privacy_mode, "supports_inline_queries": False}
        if method == "getFile":
            file_id = str(params.get("file_id", ""))
            return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files.get(file_id, b"")), "file_path": file_id}
        if method == "setMyCommands":
            scope = params.get("scope") or {"type": "default"}
            key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
            self.set_commands[key] = list(params.get("commands") or [])
            return True
        if method == "getUpdates":
            return self._get_updates(params)
        if method in ("sendMessage", "editMessageText"):
            message = self._message(params, text=params.get("text", ""))
            if isinstance(message["chat"]["id"], int):
                self.texts[(message["chat"]["id"], message["message_id"])] = plain(str(params.get("text", "")))
            return message
        if method == "editMessageReplyMarkup":
            return self._message(params, text="…")
        if method == "sendDocument":
            return self._message(params, document={"file_id": f"doc{next(self._message_ids)}", "file_unique_id": "u1", "file_name": "file"})
        if method == "sendPhoto":
            return self._message(params, photo=[{"file_id": str(params.get("photo", "")), "file_unique_id": "p1", "width": 1, "height": 1}])
        if method == "setWebhook":
            self.webhook_url = str(params.get("url", ""))
            return True
        if method == "deleteWebhook":
            self.webhook_url = ""
            return True
        if method == "getWebhookInfo":
            return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}
        return True

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        with self._lock:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(min(0.05, max(deadline - time.monotonic(), 0)))
            return list(self._updates)
