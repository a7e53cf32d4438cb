"""Settings in one place: environment variables with defaults."""

import os
from dataclasses import dataclass
from pathlib import Path

# static/ and templates/ sit beside the package in a checkout; an installed copy (e.g. the Docker
# image) points OPTISCOPE_ROOT at the folder that holds them.
ROOT = Path(os.environ.get("OPTISCOPE_ROOT", Path(__file__).resolve().parent.parent))


@dataclass(frozen=True)
class Settings:
    host: str = os.environ.get("HOST", "127.0.0.1")
    port: int = int(os.environ.get("PORT", "8000"))
    static_dir: Path = ROOT / "static"
    templates_dir: Path = ROOT / "templates"


settings = Settings()
