"""How much of the interface is translated: the share of translated messages per catalog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from waitingroom.i18n import SHIPPED_LOCALES


@dataclass(frozen=True)
class CatalogCoverage:
    locale: str
    translated: int
    total: int
    exists: bool = True

    @property
    def percent(self) -> int:
        return int(100 * self.translated / self.total) if self.total else 0


_read: dict[Path, tuple[float, CatalogCoverage]] = {}  # path -> (mtime, coverage)


def _translated(message) -> bool:
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def catalog_coverage(directory: Path, code: str) -> CatalogCoverage:
    """Translated (not fuzzy) messages out of all in translations/<code>/LC_MESSAGES/messages.po."""
    path = Path(directory) / code / "LC_MESSAGES" / "messages.po"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return CatalogCoverage(code, 0, 0, exists=False)
    cached = _read.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=None, abort_invalid=False)
    messages = [m for m in catalog if m.id]
    coverage = CatalogCoverage(code, sum(_translated(m) for m in messages), len(messages))
    _read[path] = (mtime, coverage)
    return coverage


def all_catalogs(directory: Path) -> list[CatalogCoverage]:
    return [catalog_coverage(directory, code) for code in SHIPPED_LOCALES]
