"""A fake Twilio REST API (Messages, the account, IncomingPhoneNumbers) on 127.0.0.1 for the real twilio client.

Point `twilio.api_base_url` at `fake.base_url`. Every call is recorded
(`calls`, `messages`); `fail(times, status, code)` makes the next creates
answer an error (429/20429 by default); `lose_answers(times)` makes the next
creates take the message but answer 502 (the answer lost on the way back);
`delay` slows every answer (timeouts). GET Messages.json lists what was
taken, filtered by To, From and DateSent> as Twilio does.
A wrong account SID or auth token is answered 401/20003, as Twilio does.
`numbers` lists the account's phone numbers (number → its messaging webhook
URL, or None); when it is None the account owns every number asked about.
"""

from __future__ import annotations

import base64
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ._server import FakeAPI, FakeHTTPServer, Reply, json_reply


@dataclass
class TwilioCall:
    method: str
    path: str
    params: dict[str, Any]
    account: str | None
    at: float = field(default_factory=time.monotonic)


class FakeTwilioAPI(FakeAPI):
    """Records Message creates and answers them with a fresh SM… sid."""

    def __init__(self, account_sid: str = "AC" + "0" * 32, auth_token: str = "test-auth-token-1234") -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.calls: list[TwilioCall] = []
        self.accepted: list[dict[str, Any]] = []
        self.delay = 0.0
        self.numbers: dict[str, str | None] | None = None
        self._failures: list[list[int]] = []
        self._lost = 0
        self._sids = itertools.count(1)
        self._lock = threading.Condition()
        self.server = FakeHTTPServer(self._route)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def fail(self, *, times: int = 1, status: int = 429, code: int = 20429) -> None:
        """Answer the next `times` message creates with an error."""
        with self._lock:
            self._failures.append([times, status, code])

    def lose_answers(self, times: int = 1) -> None:
        """Take the next `times` messages but answer 502, as when Twilio's answer never arrives."""
        with self._lock:
            self._lost += times

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Form fields of every accepted message create, in order."""
        with self._lock:
            return list(self.accepted)

    def _account(self, headers: dict[str, str]) -> str | None:
        auth = headers.get("Authorization") or headers.get("authorization") or ""
        if not auth.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        return user if password == self.auth_token else None

    def _route(self, method: str, path: str, fields: dict[str, Any], headers: dict[str, str]) -> Reply:
        if self.delay:
            time.sleep(self.delay)
        account = self._account(headers)
        call = TwilioCall(method, path, dict(fields), account)
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()
            if account != self.account_sid:
                return json_reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
            if method == "GET":
                return self._read(path, fields)
            if not path.endswith("/Messages.json") or method != "POST":
                return json_reply(404, {"code": 20404, "message": "Not found", "status": 404})
            if self._failures:
                failure = self._failures[0]
                failure[0] -= 1
                if failure[0] <= 0:
                    self._failures.pop(0)
                return json_reply(failure[1], {"code": failure[2], "message": "Too Many Requests" if failure[1] == 429 else "Error", "status": failure[1]})
            sid = f"SM{next(self._sids):032x}"
            self.accepted.append({**fields, "_sid": sid, "_date": time.strftime("%Y-%m-%d", time.gmtime())})
            self._lock.notify_all()
            if self._lost:
                self._lost -= 1
                return json_reply(502, {"code": 20500, "message": "Bad Gateway", "status": 502})
        return json_reply(201, self._resource(sid, fields))

    def _read(self, path: str, fields: dict[str, Any]) -> Reply:
        """GET the account itself, or its IncomingPhoneNumbers (filtered by PhoneNumber)."""
        account_path = f"/2010-04-01/Accounts/{self.account_sid}"
        if path == f"{account_path}.json":
            return json_reply(200, {"sid": self.account_sid, "friendly_name": "Fake school trust", "status": "active", "type": "Full"})
        if path == f"{account_path}/IncomingPhoneNumbers.json":
            wanted = fields.get("PhoneNumber")
            owned = self.numbers if self.numbers is not None else ({wanted: None} if wanted else {})
            found = [self._number(n, url) for n, url in owned.items() if wanted in (None, n)]
            page = {"page": 0, "page_size": 50, "start": 0, "end": max(len(found) - 1, 0), "next_page_uri": None, "uri": path}
            return json_reply(200, {"incoming_phone_numbers": found, **page})
        if path == f"{account_path}/Messages.json":
            since = str(fields.get("DateSent>", ""))[:10]
            found = [self._resource(m["_sid"], m) for m in self.accepted
                     if fields.get("To") in (None, m.get("To")) and fields.get("From") in (None, m.get("From")) and m["_date"] >= since]
            page = {"page": 0, "page_size": 50, "start": 0, "end": max(len(found) - 1, 0), "next_page_uri": None, "uri": path}
            return json_reply(200, {"messages": found, **page})
        return json_reply(404, {"code": 20404, "message": "Not found", "status": 404})

    def _number(self, number: str, sms_url: str | None) -> dict[str, Any]:
        return {
            "sid": f"PN{abs(hash(number)) % 16**32:032x}", "account_sid": self.account_sid, "phone_number": number,
            "friendly_name": number, "sms_url": sms_url, "sms_method": "POST", "capabilities": {"sms": True, "voice": True},
        }

    def _resource(self, sid: str, fields: dict[str, Any]) -> dict[str, Any]:
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": fields.get("To"),
            "from": fields.get("From"),
            "body": fields.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "date_created": time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
            "error_code": None,
            "error_message": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
