"""Recorded voices: staff upload a recording of one string in one language.

A recording is checked by its content, not its name: Ogg (Opus or Vorbis),
MP3, WAV and M4A (MP4 audio) are recognised by their first bytes, and its
length is read from the file itself (tinytag). It is kept in the database, so
every server process serves it, and tied to the hash of the text it reads:
when the text changes it is stale, and kiosks are not offered it.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session
from tinytag import TinyTag, TinyTagException

from waitingroom import audit
from waitingroom.flows.library import latest_of
from waitingroom.flows.models import FlowVersion
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.translations.coverage import find_string, recordings, text_hash
from waitingroom.translations.models import VoiceRecording

MAX_BYTES = 1024 * 1024
MAX_SECONDS = 20.0
# What the upload form accepts (a hint for the file picker; the content decides).
ACCEPT = ".ogg,.opus,.oga,.mp3,.wav,.m4a,.mp4,audio/ogg,audio/mpeg,audio/wav,audio/mp4"
URL_HASH = 16  # hex digits of the content hash in a recording's URL
MAX_ID = 2**31 - 1  # ids beyond an INTEGER column's range name nothing


class VoiceError(ValueError):
    """A recording that cannot be kept; `code` says why, `params` fill the message."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


def _ogg_codec(data: bytes) -> str | None:
    """The codec named by an Ogg stream's first packet: "opus", "vorbis" or None."""
    if len(data) < 28:
        return None
    start = 27 + data[26]  # the page header, then its segment table
    packet = data[start : start + 8]
    if packet.startswith(b"OpusHead"):
        return "opus"
    if packet.startswith(b"\x01vorbis"):
        return "vorbis"
    return None


def _mp3_frame(data: bytes, at: int) -> bool:
    """An MPEG audio layer III frame header starts at `at`."""
    if len(data) < at + 4:
        return False
    b1, b2 = data[at + 1], data[at + 2]
    return (
        data[at] == 0xFF
        and b1 & 0xE0 == 0xE0
        and b1 & 0x18 != 0x08  # a version exists
        and b1 & 0x06 == 0x02  # layer III
        and b2 & 0xF0 not in (0x00, 0xF0)  # a real bit rate
        and b2 & 0x0C != 0x0C  # a real sample rate
    )


M4A_BRANDS = {
    b"M4A ",
    b"M4B ",
    b"mp42",
    b"mp41",
    b"isom",
    b"iso2",
    b"iso5",
    b"dash",
    b"3gp4",
    b"3gp5",
}


def sniff(data: bytes) -> str | None:
    """The media type the bytes really are, or None when they are none we play."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"OggS":
        return "audio/ogg" if _ogg_codec(data) else None
    if data[4:8] == b"ftyp" and data[8:12] in M4A_BRANDS:
        return "audio/mp4"
    if data[:3] == b"ID3" and len(data) >= 10:
        # An ID3v2 tag (its size is "syncsafe": 7 bits a byte), then the first frame.
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        footer = 10 if data[5] & 0x10 else 0
        return "audio/mpeg" if _mp3_frame(data, 10 + size + footer) else None
    if _mp3_frame(data, 0):
        return "audio/mpeg"
    return None


def duration(data: bytes) -> float | None:
    try:
        tag = TinyTag.get(file_obj=io.BytesIO(data), tags=False)
    except (TinyTagException, ValueError, OSError, EOFError, IndexError, KeyError):
        return None
    except Exception:  # noqa: BLE001 - a broken file must never become a 500
        return None
    seconds = tag.duration
    return float(seconds) if isinstance(seconds, int | float) and seconds > 0 else None


def check(data: bytes) -> tuple[str, float]:
    """The recording's media type and length in seconds; VoiceError when it cannot be kept."""
    if not data:
        raise VoiceError("empty", "the file is empty")
    if len(data) > MAX_BYTES:
        raise VoiceError("too_big", "the file is too big", size=len(data), limit=MAX_BYTES)
    media_type = sniff(data)
    if media_type is None:
        raise VoiceError("type", "the file is not a recording we can play")
    seconds = duration(data)
    if seconds is None:
        raise VoiceError("unreadable", "the recording's length cannot be read")
    if seconds > MAX_SECONDS:
        raise VoiceError(
            "too_long", "the recording is too long", seconds=seconds, limit=MAX_SECONDS
        )
    return media_type, round(seconds, 2)


def _text_of(session: Session, key: str, path: str, locale: str) -> tuple[FlowVersion, str]:
    if locale not in SHIPPED_LOCALES:
        raise VoiceError("language", f"{locale!r} is not a shipped language")
    version = latest_of(session, key)
    string = find_string(version.parsed, path) if version is not None else None
    if string is None:
        raise VoiceError("no_string", "there is no such string")
    text = string.texts.get(locale)
    if text is None:
        raise VoiceError("no_text", "there is no text in this language to read")
    return version, text


def store(
    session: Session, key: str, path: str, locale: str, data: bytes, actor: str
) -> VoiceRecording:
    """Check and keep a recording of the string's current text, replacing an earlier one."""
    _version, text = _text_of(session, key, path, locale)
    media_type, seconds = check(data)
    recording = session.scalar(
        sa.select(VoiceRecording).where(
            VoiceRecording.flow_key == key,
            VoiceRecording.path == path,
            VoiceRecording.locale == locale,
        )
    )
    if recording is None:
        recording = VoiceRecording(flow_key=key, path=path, locale=locale)
        session.add(recording)
    recording.text_hash = text_hash(text)
    recording.content_hash = hashlib.sha256(data).hexdigest()
    recording.media_type = media_type
    recording.seconds = seconds
    recording.size = len(data)
    recording.data = data
    recording.day = date.today()
    recording.uploaded_by = actor
    session.flush()
    audit.record(
        session,
        actor,
        "voice.upload",
        f"flow:{key}",
        f"{path} {locale} {media_type} {seconds:.1f} s",
    )
    return recording


def get_recording(session: Session, recording_id: int) -> VoiceRecording | None:
    if not 0 < recording_id <= MAX_ID:
        return None
    return session.get(VoiceRecording, recording_id)


def remove(session: Session, key: str, recording_id: int, actor: str) -> bool:
    recording = get_recording(session, recording_id)
    if recording is None or recording.flow_key != key:
        return False
    audit.record(
        session, actor, "voice.remove", f"flow:{key}", f"{recording.path} {recording.locale}"
    )
    session.delete(recording)
    return True


def fresh_voices(
    session: Session, versions: list[FlowVersion]
) -> dict[tuple[str, str, str], VoiceRecording]:
    """The recordings that read the current text of these versions (stale ones left out)."""
    by_key = {version.flow.key: version.parsed for version in versions}
    found = {}
    for (key, path, locale), recording in recordings(session, list(by_key)).items():
        string = find_string(by_key[key], path)
        text = string.texts.get(locale) if string is not None else None
        if text is not None and recording.text_hash == text_hash(text):
            found[(key, path, locale)] = recording
    return found


def url_hash(recording: VoiceRecording) -> str:
    return recording.content_hash[:URL_HASH]


def with_voices(config: dict, voices: dict, url) -> dict:
    """Add `voice: {locale: url}` to a flow's config (title), its questions and options.

    `url(recording)` makes a recording's URL. Strings without a recording get no key.
    """
    key = config["key"]

    def urls(path: str) -> dict[str, str]:
        return {
            locale: url(voices[(key, path, locale)])
            for locale in SHIPPED_LOCALES
            if (key, path, locale) in voices
        }

    config = dict(config)
    found = urls("title")
    if found:
        config["voice"] = found
    questions = []
    for question in config.get("questions", []):
        question = dict(question)
        found = urls(f"question.{question['key']}")
        if found:
            question["voice"] = found
        options = []
        for option in question.get("options", []):
            found = urls(f"option.{question['key']}.{option['key']}")
            options.append({**option, "voice": found} if found else option)
        question["options"] = options
        questions.append(question)
    config["questions"] = questions
    return config


def find_recording(session: Session, recording_id: int, digest: str) -> VoiceRecording | None:
    """A recording by id and the start of its content hash (the URL names both)."""
    recording = get_recording(session, recording_id)
    if recording is None or url_hash(recording) != digest:
        return None
    return recording
