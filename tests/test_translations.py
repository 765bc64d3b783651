"""Translation coverage, native speakers' reviews and recorded voices (DESIGN.md 1.1, 1.3)."""

from __future__ import annotations

import io
import re
import struct
import wave

import pytest
import sqlalchemy as sa

from tests.conftest import sign_in
from waitingroom.audit import AuditEntry
from waitingroom.extensions import db
from waitingroom.flows.library import latest_of
from waitingroom.translations import voice
from waitingroom.translations.coverage import text_hash
from waitingroom.translations.models import TranslationReview, VoiceRecording

FLOW = "visit-4-7"
QUESTION = "question.waiting"


def wav(seconds: float = 2.0, rate: int = 8000, width: int = 1) -> bytes:
    """A silent mono WAV recording of this length."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(b"\x80" * int(rate * seconds) * width)
    return out.getvalue()


@pytest.fixture
def programme(client, staff, flows):
    sign_in(client, staff["programme"])
    return client


@pytest.fixture
def config_changes(monkeypatch):
    """The config_changed calls the staff pages make (after their commit)."""
    calls = []
    from waitingroom.staff import translations

    monkeypatch.setattr(translations.kiosk_events, "config_changed", lambda *a: calls.append(a))
    return calls


def text_now(app, path: str, locale: str) -> str | None:
    with app.app_context():
        version = latest_of(db.session, FLOW)
        parts = path.split(".")
        definition = version.parsed
        if parts[0] == "title":
            return definition.title.get(locale)
        question = definition.question(parts[1])
        if parts[0] == "question":
            return question.text.get(locale)
        return next(o for o in question.options if o.key == parts[2]).label.get(locale)


def version_now(app) -> int:
    with app.app_context():
        return latest_of(db.session, FLOW).number


def save(client, path: str, locale: str, text: str, seen: str, action: str = "save"):
    return client.post(
        f"/staff/translations/{FLOW}/text?lang=en",
        data={"path": path, "language": locale, "text": text, "seen": seen, "action": action},
    )


def upload(client, data: bytes, name: str = "voice.wav", path: str = QUESTION, locale="ar"):
    return client.post(
        f"/staff/translations/{FLOW}/voice?lang=en",
        data={"path": path, "language": locale, "recording": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def cell(client, path: str, locale: str) -> dict:
    """The status (and recording state) the page shows for one string in one language."""
    page = client.get(f"/staff/translations/{FLOW}?lang=en&language={locale}").get_data(
        as_text=True
    )
    row = re.search(rf'<tr id="[^"]+" data-string="{re.escape(path)}"([^>]*)>', page)
    assert row, f"no row for {path}"
    attrs = dict(re.findall(r'data-([a-z]+)="([^"]*)"', row.group(1)))
    return attrs


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- access ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["unit", "reviewer", "other"])
def test_translation_pages_are_for_programme_staff_only(app, client, staff, flows, role):
    sign_in(client, staff[role])
    assert client.get("/staff/translations").status_code == 403
    assert client.get(f"/staff/translations/{FLOW}").status_code == 403
    before = version_now(app)
    assert save(client, QUESTION, "ar", "نص", "x").status_code == 403
    assert upload(client, wav()).status_code == 403
    assert client.get("/staff/translations/voice/1").status_code == 403
    assert version_now(app) == before and count(app, VoiceRecording) == 0
    assert "/staff/translations" not in client.get("/staff/live?lang=en").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_the_login(client, flows):
    reply = client.get(f"/staff/translations/{FLOW}")
    assert reply.status_code == 302 and "/auth/login" in reply.location


def test_admin_and_programme_staff_find_the_page_in_the_menu(client, staff, flows):
    sign_in(client, staff["admin"])
    assert 'href="/staff/translations"' in client.get("/staff/live").get_data(as_text=True)
    assert client.get("/staff/translations").status_code == 200


# --- coverage ----------------------------------------------------------------


def test_shipped_translations_need_review_until_a_native_speaker_confirms_them(app, programme):
    arabic = text_now(app, QUESTION, "ar")
    assert cell(programme, QUESTION, "ar")["status"] == "needs_review"
    reply = save(programme, QUESTION, "ar", arabic, text_hash(arabic), action="confirm")
    assert reply.status_code == 302
    assert cell(programme, QUESTION, "ar")["status"] == "reviewed"
    assert cell(programme, QUESTION, "fa")["status"] == "needs_review"
    with app.app_context():
        review = db.session.scalar(sa.select(TranslationReview))
        assert (review.flow_key, review.path, review.locale) == (FLOW, QUESTION, "ar")
        assert review.reviewer == "programme@test.se" and review.text_hash == text_hash(arabic)
    assert audit_actions(app) == ["translation.review"]


def test_a_changed_text_needs_review_again(app, programme):
    arabic = text_now(app, QUESTION, "ar")
    save(programme, QUESTION, "ar", arabic, text_hash(arabic), action="confirm")
    save(programme, QUESTION, "ar", "كيف كان وقت الانتظار اليوم؟", text_hash(arabic))
    assert cell(programme, QUESTION, "ar")["status"] == "needs_review"


def test_a_removed_translation_shows_as_missing_and_the_kiosk_shows_swedish(app, programme):
    english = text_now(app, QUESTION, "en")
    save(programme, QUESTION, "en", "", text_hash(english))
    assert text_now(app, QUESTION, "en") is None
    assert cell(programme, QUESTION, "en")["status"] == "missing"
    page = programme.get(f"/staff/translations/{FLOW}?lang=en").get_data(as_text=True)
    assert "Missing: the kiosk shows Swedish" in page
    only_missing = programme.get(f"/staff/translations/{FLOW}?lang=en&language=en&show=missing")
    assert only_missing.get_data(as_text=True).count('data-status="missing"') == 1


def test_the_overview_counts_each_language_and_the_interface_catalogs(app, programme):
    english = text_now(app, QUESTION, "en")
    save(programme, QUESTION, "en", "", text_hash(english))
    page = programme.get("/staff/translations?lang=en").get_data(as_text=True)
    cell_en = re.search(rf'data-flow="{FLOW}" data-locale="en">(.*?)</td>', page, re.S).group(1)
    assert "1 missing" in cell_en
    cell_ar = re.search(rf'data-flow="{FLOW}" data-locale="ar">(.*?)</td>', page, re.S).group(1)
    assert "missing" not in cell_ar and "to review" in cell_ar
    assert re.search(r'data-catalog="ar">\d+ %', page)


def test_a_language_filter_shows_one_editable_column_with_its_language_and_direction(programme):
    page = programme.get(f"/staff/translations/{FLOW}?lang=en&language=ar").get_data(as_text=True)
    inputs = re.findall(r'<input type="text"[^>]*>', page)
    assert inputs and all('lang="ar"' in i and 'dir="rtl"' in i for i in inputs)
    ids = [re.search(r'id="([^"]+)"', i).group(1) for i in inputs]
    assert all(f'for="{found}"' in page for found in ids)


def test_an_unknown_flow_or_filter_is_a_plain_404_or_ignored(programme):
    assert programme.get("/staff/translations/no-such-flow").status_code == 404
    reply = programme.get(f"/staff/translations/{FLOW}?language=xx&show=%00")
    assert reply.status_code == 200


# --- editing -----------------------------------------------------------------


def test_saving_a_text_publishes_a_new_version_and_tells_the_kiosks(app, programme, config_changes):
    before = version_now(app)
    farsi = text_now(app, QUESTION, "fa")
    reply = save(programme, QUESTION, "fa", "امروز انتظار چطور بود؟", text_hash(farsi))
    assert reply.status_code == 302 and "language=fa" in reply.location
    assert version_now(app) == before + 1
    assert text_now(app, QUESTION, "fa") == "امروز انتظار چطور بود؟"
    assert text_now(app, QUESTION, "sv") == "Hur kändes det att vänta idag?"
    assert config_changes == [()]
    assert audit_actions(app) == ["translation.edit"]
    with app.app_context():
        assert "version" in db.session.scalar(sa.select(AuditEntry.detail))


def test_saving_the_same_text_publishes_nothing(app, programme, config_changes):
    before = version_now(app)
    farsi = text_now(app, QUESTION, "fa")
    save(programme, QUESTION, "fa", farsi, text_hash(farsi))
    assert version_now(app) == before and config_changes == [] and audit_actions(app) == []


def test_a_text_changed_meanwhile_is_not_overwritten(app, programme, config_changes):
    before = version_now(app)
    reply = save(programme, QUESTION, "fa", "متن دیگر", text_hash("what I saw earlier"))
    assert reply.status_code == 409 and "changed this text meanwhile" in reply.get_data(
        as_text=True
    )
    assert version_now(app) == before and config_changes == []


@pytest.mark.parametrize(
    ("path", "locale", "text", "status", "message"),
    [
        (QUESTION, "sv", "", 422, "Swedish text cannot be removed"),
        (QUESTION, "ar", "x" * 501, 422, "at most 500 characters"),
        (QUESTION, "ar", "bad\x07bell", 422, "cannot be shown"),
        ("question.nope", "ar", "نص", 422, "no such text"),
        (QUESTION, "xx", "text", 422, "not shipped"),
    ],
)
def test_a_bad_edit_says_what_is_wrong_and_changes_nothing(
    app, programme, path, locale, text, status, message
):
    before = version_now(app)
    current = text_now(app, QUESTION, locale) if locale != "xx" else None
    reply = save(programme, path, locale, text, text_hash(current) if current else "")
    assert reply.status_code == status and message in reply.get_data(as_text=True)
    assert version_now(app) == before and audit_actions(app) == []


def test_an_option_label_and_the_title_are_editable_too(app, programme):
    label = text_now(app, "option.waiting.3", "en")
    save(programme, "option.waiting.3", "en", "Very happy", text_hash(label))
    title = text_now(app, "title", "en")
    save(programme, "title", "en", "About my visit", text_hash(title), action="confirm")
    assert text_now(app, "option.waiting.3", "en") == "Very happy"
    assert text_now(app, "title", "en") == "About my visit"
    assert cell(programme, "title", "en")["status"] == "reviewed"


# --- recorded voices ---------------------------------------------------------


def test_a_recording_is_stored_audited_and_offered_to_kiosks(app, programme, auth, config_changes):
    reply = upload(programme, wav(3))
    assert reply.status_code == 302
    with app.app_context():
        recording = db.session.scalar(sa.select(VoiceRecording))
        assert recording.media_type == "audio/wav" and recording.seconds == 3.0
        assert recording.text_hash == text_hash(text_now(app, QUESTION, "ar"))
    assert audit_actions(app) == ["voice.upload"] and config_changes == [()]
    assert cell(programme, QUESTION, "ar")["voice"] == "fresh"

    config = programme.get("/api/v1/kiosk/config", headers=auth).get_json()
    flow = next(f for f in config["flows"] if f["key"] == FLOW)
    question = next(q for q in flow["questions"] if q["key"] == "waiting")
    assert set(question["voice"]) == {"ar"}
    assert re.fullmatch(r"/kiosk/voice/\d+/[0-9a-f]{16}", question["voice"]["ar"])
    others = [q for q in flow["questions"] if q["key"] != "waiting"]
    assert not any("voice" in q for q in others) and "voice" not in flow
    assert not any("voice" in o for o in question["options"])


def test_an_option_recording_rides_on_its_option(app, programme, auth):
    upload(programme, wav(1), path="option.waiting.3", locale="fa")
    config = programme.get("/api/v1/kiosk/config", headers=auth).get_json()
    flow = next(f for f in config["flows"] if f["key"] == FLOW)
    question = next(q for q in flow["questions"] if q["key"] == "waiting")
    happy = next(o for o in question["options"] if o["key"] == "3")
    assert set(happy["voice"]) == {"fa"} and "voice" not in question


def test_a_recording_goes_stale_when_its_text_changes_and_is_no_longer_played(app, programme, auth):
    upload(programme, wav(2))
    arabic = text_now(app, QUESTION, "ar")
    save(programme, QUESTION, "ar", "كيف كان وقت الانتظار؟", text_hash(arabic))
    assert cell(programme, QUESTION, "ar")["voice"] == "stale"
    page = programme.get(f"/staff/translations/{FLOW}?lang=en&language=ar").get_data(as_text=True)
    assert "Recording is stale" in page
    config = programme.get("/api/v1/kiosk/config", headers=auth).get_json()
    assert "/kiosk/voice/" not in str(config)


def test_a_new_upload_replaces_the_old_recording_and_removal_is_audited(
    app, programme, auth, config_changes
):
    upload(programme, wav(2))
    upload(programme, wav(4))
    with app.app_context():
        recordings = list(db.session.scalars(sa.select(VoiceRecording)))
        assert len(recordings) == 1 and recordings[0].seconds == 4.0
        recording_id = recordings[0].id
    reply = programme.post(f"/staff/translations/{FLOW}/voice/{recording_id}/remove?language=ar")
    assert reply.status_code == 302
    assert count(app, VoiceRecording) == 0
    assert audit_actions(app) == ["voice.upload", "voice.upload", "voice.remove"]
    assert len(config_changes) == 3
    assert programme.post(
        f"/staff/translations/{FLOW}/voice/{recording_id}/remove"
    ).status_code == (404)


def test_a_removed_recording_is_no_longer_offered_though_the_flow_is_unchanged(
    app, programme, auth
):
    def waiting_question():
        config = programme.get("/api/v1/kiosk/config", headers=auth).get_json()
        flow = next(f for f in config["flows"] if f["key"] == FLOW)
        return next(q for q in flow["questions"] if q["key"] == "waiting")

    assert "voice" not in waiting_question()
    upload(programme, wav(2))
    assert set(waiting_question()["voice"]) == {"ar"}
    with app.app_context():
        recording_id = db.session.scalar(sa.select(VoiceRecording.id))
    programme.post(f"/staff/translations/{FLOW}/voice/{recording_id}/remove?language=ar")
    # The flow's config is kept per version: the voices must not have stuck to it.
    assert "voice" not in waiting_question()


def _too_big() -> bytes:
    # A short but heavy recording: 16-bit at 48 kHz, 12 seconds, about 1.1 MB.
    return wav(12, rate=48000, width=2)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.mp3", "The file is empty"),
        (b"<html>not a sound</html>" * 50, "disguised.mp3", "not a recording the kiosk can play"),
        (b"OggS" + b"\x00" * 200, "video.ogg", "not a recording the kiosk can play"),
        (b"%PDF-1.7\n" + b"x" * 500, "voice.wav", "not a recording the kiosk can play"),
        (wav(25), "long.wav", "lasts 25.0 seconds; at most 20 seconds"),
        (_too_big(), "big.wav", "at most 1024 KB"),
        (b"RIFF\x10\x00\x00\x00WAVEjunkjunk", "broken.wav", "cannot be read"),
    ],
)
def test_a_bad_recording_is_refused_with_a_clear_message_and_nothing_is_stored(
    app, programme, config_changes, data, name, message
):
    reply = upload(programme, data, name)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422 and message in page
    assert 'id="s-question-waiting-file"' in page, "the page stays on the Arabic texts"
    assert count(app, VoiceRecording) == 0 and audit_actions(app) == [] and config_changes == []


def test_an_upload_without_a_file_or_for_a_missing_text_is_refused(app, programme):
    reply = programme.post(
        f"/staff/translations/{FLOW}/voice?lang=en",
        data={"path": QUESTION, "language": "ar"},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 422 and "Choose a recording" in reply.get_data(as_text=True)
    english = text_now(app, QUESTION, "en")
    save(programme, QUESTION, "en", "", text_hash(english))
    reply = upload(programme, wav(1), locale="en")
    assert reply.status_code == 422 and "write it first" in reply.get_data(as_text=True)
    assert count(app, VoiceRecording) == 0


def test_a_huge_upload_gets_a_plain_refusal_not_a_crash(programme):
    reply = upload(programme, b"\x00" * (4 * 1024 * 1024))
    assert reply.status_code == 413


# --- serving recordings to kiosks -------------------------------------------


def _voice_url(client, auth) -> str:
    config = client.get("/api/v1/kiosk/config", headers=auth).get_json()
    flow = next(f for f in config["flows"] if f["key"] == FLOW)
    return next(q for q in flow["questions"] if q["key"] == "waiting")["voice"]["ar"]


def test_a_recording_is_served_only_to_a_paired_kiosk(app, programme, kiosk, auth):
    data = wav(2)
    upload(programme, data)
    url = _voice_url(programme, auth)
    fresh = app.test_client()
    assert fresh.get(url).status_code == 401
    assert fresh.get(url, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    fresh.set_cookie("waitingroom_kiosk", kiosk, path="/kiosk")
    reply = fresh.get(url)
    assert reply.status_code == 200 and reply.data == data
    assert reply.mimetype == "audio/wav"
    assert (
        "immutable" in reply.headers["Cache-Control"]
        and "max-age=31536000" in (reply.headers["Cache-Control"])
    )
    assert fresh.get(url, headers={"If-None-Match": reply.headers["ETag"]}).status_code == 304
    assert fresh.get(url[:-1] + ("0" if url[-1] != "0" else "1")).status_code == 404
    assert app.test_client().get(url, headers=auth).status_code == 200


def test_a_revoked_kiosk_cannot_fetch_recordings(app, programme, kiosk, auth):
    from waitingroom.units.models import Kiosk

    upload(programme, wav(2))
    url = _voice_url(programme, auth)
    with app.app_context():
        for found in db.session.scalars(sa.select(Kiosk)):
            found.revoked = True
        db.session.commit()
    assert app.test_client().get(url, headers=auth).status_code == 401


def test_staff_can_listen_to_a_recording(app, programme):
    data = wav(1)
    upload(programme, data)
    with app.app_context():
        recording_id = db.session.scalar(sa.select(VoiceRecording.id))
    reply = programme.get(f"/staff/translations/voice/{recording_id}")
    assert reply.status_code == 200 and reply.data == data
    assert programme.get("/staff/translations/voice/999").status_code == 404


# --- recognising recordings by their content --------------------------------


def _ogg(first_packet: bytes) -> bytes:
    header = b"OggS\x00\x02" + b"\x00" * 8 + b"\x01\x00\x00\x00" + b"\x00" * 8
    return header + bytes([1, len(first_packet)]) + first_packet


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (_ogg(b"OpusHead\x01\x01\x38\x01"), "audio/ogg"),
        (_ogg(b"\x01vorbis\x00\x00\x00\x00"), "audio/ogg"),
        (_ogg(b"\x80theora"), None),
        (b"\xff\xfb\x90\x64" + b"\x00" * 100, "audio/mpeg"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"\x00" * 5 + b"\xff\xfb\x90\x64", "audio/mpeg"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"\x00" * 20, None),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "audio/mp4"),
        (b"\x00\x00\x00\x20ftypqt  \x00\x00\x00\x00", None),
        (wav(0.1), "audio/wav"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", None),
        (struct.pack("4s", b"fLaC") + b"\x00" * 40, None),
    ],
)
def test_the_type_of_a_recording_is_read_from_its_content(data, media_type):
    assert voice.sniff(data) == media_type


def test_a_paired_tablet_hears_that_its_configuration_changed(app, programme, kiosk):
    from tests.test_live import events, kiosk_client

    tablet = kiosk_client(app, kiosk)
    farsi = text_now(app, QUESTION, "fa")
    save(programme, QUESTION, "fa", "امروز انتظار کشیدن چطور بود؟", text_hash(farsi))
    assert events(tablet, "config_changed", namespace="/kiosk") == [{}]
    upload(programme, wav(1), locale="fa")
    assert events(tablet, "config_changed", namespace="/kiosk") == [{}]
