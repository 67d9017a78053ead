"""Configuration: a TOML file validated into typed settings (DESIGN §4.4).

`load_settings` reads the file, applies `ABSENCE_BOT_<SECTION>_<KEY>`
environment variables (secrets belong there), validates everything at once and
raises `ConfigError` listing every problem as key path, what is wrong, and an
example of a good value. Secrets are `SecretStr`: never in repr or logs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, create_model, field_validator, model_validator
from sqlalchemy.engine import make_url

from store.imports.phones import normalise_phone
from store.policies import Policy, parse_clock, presets, resolve

ENV_PREFIX = "ABSENCE_BOT_"
PLACEHOLDER = re.compile(r"^(changeme|change-me|secret|xxx+|your[-_ ].*|<.*>|\.\.\.|todo|replace[-_ ]?me)$", re.I)
ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
AUTH_TOKEN = re.compile(r"^[0-9a-fA-F]{32}$")
TELEGRAM_TOKEN = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{1,200}$")
#: Telegram's rule for setWebhook's secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def _secret_ok(value: SecretStr | None) -> SecretStr | None:
    if value is None or not value.get_secret_value().strip():
        return None
    if PLACEHOLDER.match(value.get_secret_value().strip()):
        raise ValueError("is a placeholder; set the real value (an environment variable keeps it out of the file)")
    return value


def _shaped(value: SecretStr | None, pattern: re.Pattern[str], problem: str) -> SecretStr | None:
    if value is not None and not pattern.match(value.get_secret_value()):
        raise ValueError(problem)
    return value


def e164_number(value: str | None) -> str | None:
    """A phone number setting in E.164 form; other forms are refused with the E.164 spelling to use."""
    if value is None or not value.strip():
        return None
    if E164.match(value) and normalise_phone(value).status == "ok":
        return value
    phone = normalise_phone(value)
    hint = f' (did you mean "{phone.e164}"?)' if phone.e164 else ""
    raise ValueError(f"{value!r} is not a phone number in E.164 form, like +447700900123{hint}")


def group_chat_id(value: int | None) -> int | None:
    """A Telegram group id: always negative."""
    if value is not None and value >= 0:
        raise ValueError(f"{value} is not a Telegram group id: group ids are negative (did you leave out the minus sign? -{value})")
    return value


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatabaseSettings(_Section):
    url: str = Field("sqlite:///absence-bot.db", description='SQLite file (embedded default) or PostgreSQL URL', examples=["sqlite:///absence-bot.db", "postgresql://absence:PASSWORD@localhost/absence"])

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        try:
            backend = make_url(v).get_backend_name()
        except Exception:
            raise ValueError("is not a database URL") from None
        if backend not in ("sqlite", "postgresql", "postgres"):
            raise ValueError("only sqlite and postgresql are supported")
        return v

    def __repr_args__(self) -> Any:
        yield "url", make_url(self.url).render_as_string(hide_password=True)


class ServerSettings(_Section):
    host: str = Field("127.0.0.1", description='address the HTTP server listens on', examples=["127.0.0.1"])
    port: int = Field(8080, description='port the HTTP server listens on', ge=1, le=65535, examples=[8080])
    public_url: str | None = Field(None, description='the https URL Twilio and Telegram call; Twilio signatures are checked against it', examples=["https://absence.example-school.org.uk"])

    @field_validator("public_url")
    @classmethod
    def _public(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        if not re.match(r"^https?://[^/\s]+", v):
            raise ValueError("must be the URL Twilio and Telegram call, starting with https://")
        return v.rstrip("/")


class TwilioSettings(_Section):
    account_sid: str | None = Field(None, description='Twilio account SID', examples=["AC0123456789abcdef0123456789abcdef"])
    auth_token: SecretStr | None = Field(None, description='Twilio auth token (signs webhooks, authenticates the REST client)', examples=["(set ABSENCE_BOT_TWILIO_AUTH_TOKEN)"])
    secondary_auth_token: SecretStr | None = Field(None, description='while rotating the auth token in Twilio: the other token, also accepted on webhook signatures', examples=["(set ABSENCE_BOT_TWILIO_SECONDARY_AUTH_TOKEN)"])
    from_number: str | None = Field(None, description='default sending number (E.164); schools without sms_number use it', examples=["+447700900123"])
    api_base_url: str = Field("https://api.twilio.com", description='Twilio REST API base URL (tests point it at a local fake)', examples=["https://api.twilio.com"])
    sms_validity_seconds: int = Field(3600, description='chaser SMS not delivered within this time are dropped', ge=60, le=36000, examples=[3600])
    max_replies_per_sender_per_day: int = Field(20, description='cap on replies to one number per day (flood protection)', ge=10, examples=[20])

    _secret = field_validator("auth_token", "secondary_auth_token")(lambda v: _secret_ok(v))
    _number = field_validator("from_number")(lambda v: e164_number(v))

    @field_validator("account_sid")
    @classmethod
    def _sid(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        if not ACCOUNT_SID.match(v):
            raise ValueError(f"{v!r} is not a Twilio account SID: AC followed by 32 hexadecimal characters (34 in all, from the Twilio console)")
        return v

    @field_validator("auth_token", "secondary_auth_token")
    @classmethod
    def _token(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and (ACCOUNT_SID.match(v.get_secret_value()) or re.search(r"[\s'\"]", v.get_secret_value())):
            raise ValueError("is not a Twilio auth token (it is the account SID, or holds spaces or quotes)")
        return v

    @property
    def configured(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.from_number)

    def signing_tokens(self) -> list[str]:
        """Every auth token a webhook signature may be made with (two while rotating)."""
        return [t.get_secret_value() for t in (self.auth_token, self.secondary_auth_token) if t is not None]


class TelegramSettings(_Section):
    token: SecretStr | None = Field(None, description='bot token from @BotFather', examples=["(set ABSENCE_BOT_TELEGRAM_TOKEN)"])
    mode: Literal["polling", "webhook"] = Field("polling", description='polling, or webhook at POST /telegram/webhook', examples=["polling"])
    base_url: str = Field("https://api.telegram.org/bot", description='Bot API base URL (tests point it at a local fake)', examples=["https://api.telegram.org/bot"])
    webhook_secret: SecretStr | None = Field(None, description='secret token Telegram sends with webhook calls', examples=["(set ABSENCE_BOT_TELEGRAM_WEBHOOK_SECRET)"])

    _secret = field_validator("token", "webhook_secret")(lambda v: _secret_ok(v))
    _token = field_validator("token")(
        lambda v: _shaped(v, TELEGRAM_TOKEN, "is not a Telegram bot token: digits, a colon, then letters, digits, - and _ (as @BotFather gives it, without 'bot')")
    )
    _webhook = field_validator("webhook_secret")(
        lambda v: _shaped(v, WEBHOOK_SECRET, "must be 1-256 characters from A-Z, a-z, 0-9, _ and - (Telegram's rule)")
    )

    @property
    def configured(self) -> bool:
        return self.token is not None


class SchedulerSettings(_Section):
    enabled: bool = Field(True, description='false: this process schedules nothing (exactly one process should schedule)', examples=[True])


class RetentionSettings(_Section):
    message_days: int = Field(90, description='message texts are purged after this many days', ge=1, examples=[90])
    register_years: int = Field(6, description='register entries and amendments are kept this many years (at least 6)', ge=6, examples=[6])


class LoggingSettings(_Section):
    format: Literal["text", "json"] = Field("text", description='text lines, or one JSON object per line for a log shipper', examples=["text"])
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description='least severe level logged (-v on the command line means DEBUG)', examples=["INFO"])


class ImportSettings(_Section):
    max_off_roll_share: float = Field(0.2, description="a roll import taking more than this share of a school's pupils off roll is refused unless confirmed (--confirm-off-roll)", ge=0, le=1, examples=[0.2])


def _policy_overrides_model() -> type[BaseModel]:
    """Every policy value as an optional key, so a misspelt or mistyped override is named where it is."""
    fields: dict[str, Any] = {
        name: (field.annotation | None, Field(None, description=field.description))  # type: ignore[operator]
        for name, field in Policy.model_fields.items()
    }
    return create_model("PolicyOverrides", __config__=ConfigDict(extra="forbid"), **fields)


PolicyOverrides = _policy_overrides_model()


class SchoolSettings(_Section):
    id: str = Field(description='the school id used in CSV files and commands', pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", examples=["oakfield-primary"])
    name: str = Field(description='school name shown to staff and parents', min_length=1, examples=["Oakfield Primary School"])
    timezone: str = Field("Europe/London", description='school time zone', examples=["Europe/London"])
    register_closes: dt.time | None = Field(None, description="overrides the policy preset's register close (HH:MM)", examples=["09:20"])
    sms_number: str | None = Field(None, description='inbound number that identifies the school (defaults to twilio.from_number)', examples=["+447700900123"])
    staff_chat_id: int | None = Field(None, description='Telegram group of the office staff', examples=[-1001234567890])
    safeguarding_chat_id: int | None = Field(None, description='Telegram group of the safeguarding team', examples=[-1001234567891])
    policy: str = Field(description='policy preset name', examples=sorted(["charlton-park", "afmat", "bedwell", "russell-street"]))
    letter_template: str | None = Field(None, description="the school's own attendance letter template (a copy of store/data/letters/attendance_letter.txt, edited)", examples=["/etc/absence-bot/oakfield-letter.txt"])
    policy_overrides: PolicyOverrides = Field(description='any policy value, overriding the preset', default_factory=PolicyOverrides, examples=[{"chase_interval_minutes": 30}])  # type: ignore[valid-type]

    _number = field_validator("sms_number")(lambda v: e164_number(v))
    _chats = field_validator("staff_chat_id", "safeguarding_chat_id")(lambda v: group_chat_id(v))

    @field_validator("register_closes", mode="before")
    @classmethod
    def _clock(cls, v: Any) -> Any:
        return None if v is None else parse_clock(v)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not a known time zone") from None
        return v

    @field_validator("policy")
    @classmethod
    def _policy(cls, v: str) -> str:
        if v not in presets():
            raise ValueError(f"is not a policy preset (one of {', '.join(sorted(presets()))})")
        return v

    @model_validator(mode="after")
    def _overrides(self) -> SchoolSettings:
        self.resolved_policy()
        return self

    def resolved_policy(self) -> Policy:
        """The preset with overrides and this school's register close applied."""
        overrides = self.policy_overrides.model_dump(exclude_unset=True)
        if self.register_closes is not None:
            overrides["register_closes"] = self.register_closes
        return resolve(self.policy, overrides)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class StaffSettings(_Section):
    telegram_user_id: int = Field(description="the staff member's Telegram user id", examples=[123456789])
    name: str = Field(description='name recorded on amendments', min_length=1, examples=["Ms A. Okafor"])
    role: Literal["office", "dsl", "admin"] = Field(description='office/admin confirm and change codes; dsl acknowledges alerts and may confirm', examples=["office"])
    schools: list[str] = Field(description='ids of the schools this person acts for', min_length=1, examples=[["oakfield-primary"]])


class Settings(_Section):
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    twilio: TwilioSettings = Field(default_factory=TwilioSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    scheduler: SchedulerSettings = Field(default_factory=SchedulerSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    imports: ImportSettings = Field(default_factory=ImportSettings)
    schools: list[SchoolSettings] = Field(default_factory=list)
    staff: list[StaffSettings] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> Settings:
        problems = reference_problems(self.model_dump(include={"schools", "staff"}))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def school(self, school_id: str) -> SchoolSettings:
        for school in self.schools:
            if school.id == school_id:
                return school
        raise KeyError(school_id)

    def schools_for_number(self, to_number: str | None) -> list[SchoolSettings]:
        """Every school an SMS to this number may belong to (DESIGN §4.7).

        A school's own `sms_number` names it alone; schools without one share
        `twilio.from_number`. With one school configured, everything is its.
        """
        own = [s for s in self.schools if s.sms_number and s.sms_number == to_number]
        if own:
            return own
        shared = [s for s in self.schools if not s.sms_number]
        if shared and to_number == self.twilio.from_number:
            return shared
        return list(self.schools) if len(self.schools) == 1 else []

    def school_for_number(self, to_number: str | None) -> SchoolSettings | None:
        """The one school a number belongs to, or None when it is unknown or shared by several."""
        schools = self.schools_for_number(to_number)
        return schools[0] if len(schools) == 1 else None


class ConfigError(Exception):
    """The configuration cannot be used; `problems` holds one line per problem."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))

    def render(self) -> str:
        lines = [f"{self.source}: configuration has {len(self.problems)} problem(s):"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


_SECTIONS = ("database", "server", "twilio", "telegram", "scheduler", "retention", "logging", "imports")


def _items(raw: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    value = raw.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, Mapping)] if isinstance(value, list) else []


def reference_problems(raw: Mapping[str, Any]) -> list[str]:
    """Problems between entries (duplicate ids, staff of unknown schools), read from the raw document.

    Reading the raw document lets these be reported with every other problem, in one pass.
    """
    ids = [str(s.get("id")) for _, s in _items(raw, "schools") if s.get("id") is not None]
    problems = [f"schools: duplicate school id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    users: dict[Any, int] = {}
    for i, member in _items(raw, "staff"):
        schools = member.get("schools")
        unknown = [str(s) for s in schools if str(s) not in ids] if isinstance(schools, list) else []
        if unknown:
            hint = _did_you_mean(unknown[0], ids)
            problems.append(f"staff.{i}.schools: unknown school id {', '.join(unknown)}{hint} (defined ids: {', '.join(ids)})")
        user = member.get("telegram_user_id")
        if user is not None and user in users:
            problems.append(f"staff.{i}.telegram_user_id: {user} is already listed as staff.{users[user]}")
        users.setdefault(user, i)
    return problems


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def apply_environment(raw: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Overlay `ABSENCE_BOT_<SECTION>_<KEY>` variables on the file's top-level sections."""
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in raw.items()}
    for section in _SECTIONS:
        fields = type(Settings.model_fields[section].default_factory()).model_fields  # type: ignore[misc]
        for key in fields:
            value = environ.get(f"{ENV_PREFIX}{section}_{key}".upper())
            if value is not None:
                merged.setdefault(section, {})[key] = value
    return merged


def _example_for(loc: tuple[Any, ...]) -> str | None:
    model: Any = Settings
    field = None
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            break
        field = fields[part]
        ann = field.annotation
        inner = getattr(ann, "__args__", (ann,))
        model = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
    if field is not None and field.examples:
        import json

        return json.dumps(field.examples[0]) if not isinstance(field.examples[0], str) else f'"{field.examples[0]}"'
    return None


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where `loc` points (for "did you mean")."""
    model: Any = Settings
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        inner = getattr(field.annotation, "__args__", (field.annotation,))
        model = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return list(getattr(model, "model_fields", {}))


def _describe(error: Any) -> str:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    path = ".".join(str(p) for p in loc) or "(top level)"
    msg = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        hint = _did_you_mean(str(loc[-1]), _fields_at(loc[:-1])) if loc else ""
        msg = f"unknown key{hint or ' (check the spelling against config.example.toml)'}"
    elif error["type"] == "missing":
        msg = "is required"
    example = _example_for(loc) if error["type"] != "extra_forbidden" else None
    return f"{path}: {msg}" + (f" (e.g. {example})" if example else "")


def parse_settings(raw: dict[str, Any], *, source: str = "config", environ: Mapping[str, str] | None = None) -> Settings:
    """Validate a parsed TOML document (plus environment) into Settings, or raise ConfigError."""
    merged = apply_environment(raw, os.environ if environ is None else environ)
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        problems = [_describe(e) for e in exc.errors() if e["loc"]]
        # Checks between entries run on the raw document too, so they come with every other problem.
        raise ConfigError(source, problems + reference_problems(merged)) from None


def load_settings(path: Path | str, *, environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate a TOML configuration file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found (copy config.example.toml to config.toml, or pass --config)"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"not valid TOML: {exc}"]) from None
    return parse_settings(raw, source=str(path), environ=environ)


# --- set-ups that cannot work, and ones worth knowing about ------------------------------------


def setup_problems(settings: Settings) -> list[str]:
    """Set-ups `absence-bot run` refuses (and `check` reports): a channel configured so that it cannot work."""
    problems = []
    tw, tg, public = settings.twilio, settings.telegram, settings.server.public_url
    given = {"account_sid": tw.account_sid, "auth_token": tw.auth_token}
    if any(given.values()) and not tw.configured:
        missing = [k for k, v in (*given.items(), ("from_number", tw.from_number)) if not v]
        problems.append(f"twilio.{missing[0]}: is required with the other Twilio settings (missing: {', '.join(missing)}; secrets go in ABSENCE_BOT_TWILIO_AUTH_TOKEN)")
    if tw.configured and public is None:
        problems.append("server.public_url: is required with Twilio: webhook signatures are checked against it, so without it every SMS is refused (403)")
    if tg.configured and tg.mode == "webhook":
        if public is None or not public.startswith("https://"):
            problems.append("server.public_url: telegram.mode = \"webhook\" needs the https URL Telegram calls")
        if tg.webhook_secret is None:
            problems.append("telegram.webhook_secret: is required in webhook mode (set ABSENCE_BOT_TELEGRAM_WEBHOOK_SECRET), or use mode = \"polling\"")
    return problems


def setup_warnings(settings: Settings) -> list[str]:
    """What a technician should know before relying on this set-up; none of it stops the service."""
    warnings = []
    tw, tg, public = settings.twilio, settings.telegram, settings.server.public_url
    if not tw.configured:
        warnings.append("twilio: Twilio is not configured (account_sid, auth_token, from_number): SMS replies and chasers stay queued")
    elif not AUTH_TOKEN.match(tw.auth_token.get_secret_value() if tw.auth_token else ""):
        warnings.append("twilio.auth_token: does not look like a Twilio auth token (32 hexadecimal characters)")
    if public is not None and public.startswith("http://"):
        warnings.append(f"server.public_url: {public} is not https; Twilio and Telegram should call an https URL")
    if not tg.configured:
        warnings.append("telegram: Telegram is not configured (token): staff cards, alerts and Telegram parents stay queued")
    for i, school in enumerate(settings.schools):
        for key in ("staff_chat_id", "safeguarding_chat_id"):
            if getattr(school, key) is None:
                warnings.append(f"schools.{i}.{key}: not set ({school.id}); {'cards' if key == 'staff_chat_id' else 'alerts'} for this school have nowhere to go")
    staffed = {s for member in settings.staff for s in member.schools}
    warnings += [f"staff: nobody is configured as staff of {s.id}, so its cards cannot be confirmed" for s in settings.schools if s.id not in staffed]
    return warnings
