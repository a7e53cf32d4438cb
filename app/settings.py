"""Settings in one place: environment variables with defaults, read when Settings() is made."""

import os
from dataclasses import dataclass, field
from pathlib import Path

# static/ and templates/ sit beside the package in a checkout; an installed copy (e.g. the Docker
# image) points OPTISCOPE_ROOT at the folder that holds them.
ROOT = Path(os.environ.get("OPTISCOPE_ROOT", Path(__file__).resolve().parent.parent))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_list(name: str) -> tuple[str, ...]:
    """A comma-separated environment variable as a tuple of its non-empty items."""
    return tuple(item.strip() for item in env(name).split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    host: str = field(default_factory=lambda: env("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(env("PORT", "8000")))
    static_dir: Path = ROOT / "static"
    templates_dir: Path = ROOT / "templates"
    # Host names the server answers to besides localhost, IP addresses and the bound host; "*"
    # for any (docs/deploy.md: a name that is not listed could be a DNS-rebinding attack).
    allowed_hosts: tuple[str, ...] = field(
        default_factory=lambda: env_list("OPTISCOPE_ALLOWED_HOSTS")
    )
    # Origins (scheme://host:port) whose pages may use the WebSocket and POST besides the
    # server's own.
    allowed_origins: tuple[str, ...] = field(
        default_factory=lambda: env_list("OPTISCOPE_ALLOWED_ORIGINS")
    )


settings = Settings()
