"""Password hashing (argon2id) and JWT access tokens (HS256 through python-jose)."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

from app.errors import InvalidToken, Unauthorized
from app.settings import Settings

ALGORITHM = "HS256"
# OWASP's minimum for argon2id: 19 MiB of memory, 2 iterations, 1 lane.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH = _hasher.hash("a password nobody has, to spend the same time on unknown emails")

_REQUIRED = ("exp", "aud", "iat", "iss", "sub", "jti")
CLOCK_SKEW_SECONDS = 5  # servers' clocks may differ this much; a token from later is refused


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when the password matches; an unknown user is checked against a dummy hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_opaque_token() -> str:
    """A random refresh token (the client keeps it; we keep its hash)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 of an opaque token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


API_KEY_MARK = "fsm_"


def new_api_key() -> tuple[str, str]:
    """A new API key `fsm_<prefix>_<secret>` and its prefix (12 hex digits, shown in lists)."""
    prefix = secrets.token_hex(6)
    return f"{API_KEY_MARK}{prefix}_{secrets.token_urlsafe(32)}", prefix


def is_api_key(credential: str) -> bool:
    """True for a credential shaped like one of our API keys rather than a JWT."""
    return credential.startswith(API_KEY_MARK)


def api_key_prefix(credential: str) -> str:
    """The public prefix of an API key (the part between `fsm_` and the secret)."""
    return credential[len(API_KEY_MARK):].split("_", 1)[0][:16]


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    role: str
    jti: str
    session_id: uuid.UUID | None = None  # the login session (refresh family) it belongs to


def create_access_token(settings: Settings, *, user_id: uuid.UUID, role: str,
                        now: datetime | None = None,
                        session_id: uuid.UUID | None = None) -> str:
    """A signed access token for the user, of a login session (`sid`: its refresh token
    family, so that ending the session ends its access tokens at once)."""
    now = now or settings.clock.now()
    claims = {
        "sub": str(user_id), "role": role, "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.access_token_minutes)).timestamp()),
        "jti": uuid.uuid4().hex, "iss": settings.jwt_issuer, "aud": settings.jwt_audience,
    }
    if session_id is not None:
        claims["sid"] = str(session_id)
    return jwt.encode(claims, settings.resolved_jwt_secret, algorithm=ALGORITHM)


def decode_access_token(settings: Settings, token: str, *,
                        now: datetime | None = None) -> AccessClaims:
    """The verified claims, or Unauthorized: the algorithm, audience and issuer are pinned
    and every claim is required (python-jose's defaults would accept no `exp` or `aud`).
    The times are checked against the server's clock, not python-jose's wall clock: `exp`
    and `iat` must be whole numbers (RFC 7519 NumericDate), `iat` not in the future, the
    lifetime no longer than the configured one, and `exp` not passed."""
    try:
        claims = jwt.decode(
            token, settings.resolved_jwt_secret, algorithms=[ALGORITHM],
            audience=settings.jwt_audience, issuer=settings.jwt_issuer,
            # exp and iat are required and checked below, against the server's clock
            # (python-jose checks exp whenever it is required, on the wall clock).
            options={f"require_{name}": True for name in _REQUIRED if name not in ("exp", "iat")}
            | {"verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )
        issued, expires = claims["iat"], claims["exp"]
        if not all(type(v) is int for v in (issued, expires)):
            raise ValueError("times must be NumericDate")
        sid = claims.get("sid")
        claimed = AccessClaims(user_id=uuid.UUID(claims["sub"]), role=str(claims["role"]),
                               jti=str(claims["jti"]),
                               session_id=uuid.UUID(sid) if sid is not None else None)
    except (JWTError, KeyError, ValueError, TypeError, AttributeError):
        raise InvalidToken("The access token is invalid.") from None
    moment = int((now or settings.clock.now()).timestamp())
    too_long = expires - issued > settings.access_token_minutes * 60
    if issued > moment + CLOCK_SKEW_SECONDS or too_long:
        raise InvalidToken("The access token is invalid.")
    if expires <= moment:
        raise InvalidToken("The access token has expired; refresh it or log in again.",
                           expired=True)
    return claimed


@dataclass(frozen=True)
class Credential:
    """What a request authenticates with, read once: an API key (checked against the
    database by whoever loads the caller), or an access token already verified here."""

    api_key: str | None = None
    claims: AccessClaims | None = None
    problem: Unauthorized | None = None  # the token sent did not verify

    @property
    def subject(self) -> str:
        """Whom the credential names, for counting requests: the token's user, or a digest
        of the whole API key (a forged key borrowing a real key's prefix counts apart)."""
        if self.api_key is not None:
            return f"key:{hashlib.sha256(self.api_key.encode()).hexdigest()[:32]}"
        return f"user:{self.claims.user_id}" if self.claims else ""


def read_credential(settings: Settings, *, authorization: str | None,
                    api_key: str | None) -> Credential | None:
    """The credential of `Authorization: Bearer ...` or `X-API-Key`, or None when neither is
    sent. An API key may also come as a bearer token (`fsm_...`)."""
    scheme, _, token = (authorization or "").partition(" ")
    value = (api_key or "").strip() or (token.strip() if scheme.lower() == "bearer" else "")
    if not value:
        return None
    if is_api_key(value):
        return Credential(api_key=value)
    try:
        return Credential(claims=decode_access_token(settings, value))
    except Unauthorized as exc:
        return Credential(problem=exc)
