"""Staff write flows: drafts, problems beside their fields, preview, publish, YAML."""

from __future__ import annotations

import io
import json
import re

import pytest
import sqlalchemy as sa
import yaml

from tests.conftest import make_response, sign_in
from tests.test_live import events, kiosk_client
from waitingroom.audit import AuditEntry
from waitingroom.extensions import db
from waitingroom.flows.drafts import FlowDraft
from waitingroom.flows.library import find_version, latest_of
from waitingroom.flows.models import FlowVersion
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.responses.models import Response

FLOW = "visit-4-7"


@pytest.fixture
def programme(client, staff, flows):
    sign_in(client, staff["programme"])
    return client


def stored_draft(app, key=FLOW) -> dict | None:
    with app.app_context():
        draft = db.session.scalar(sa.select(FlowDraft).where(FlowDraft.key == key))
        return None if draft is None else draft.data


def versions(app, key=FLOW) -> list[int]:
    with app.app_context():
        return sorted(
            v.number for v in db.session.scalars(sa.select(FlowVersion)) if v.flow.key == key
        )


def question_form(question: dict) -> dict:
    """What the question editor posts for a question (as the browser would send it)."""
    data = {
        "key": question["key"],
        "type": question["type"],
        "area": question["area"],
        "pictogram": question.get("pictogram", ""),
        "max_length": question.get("max_length", ""),
        "budget": question.get("budget", ""),
    }
    if question.get("skippable", True):
        data["skippable"] = "y"
    for code in SHIPPED_LOCALES:
        data[f"text_{code}"] = question["text"].get(code, "")
    for index, option in enumerate(question.get("options", [])):
        data[f"options-{index}-key"] = option["key"]
        data[f"options-{index}-pictogram"] = option.get("pictogram", "")
        for code in SHIPPED_LOCALES:
            data[f"options-{index}-label_{code}"] = option["label"].get(code, "")
    return data


def open_draft(client, key=FLOW) -> dict:
    assert client.post(f"/staff/flows/{key}/edit").status_code == 302
    return client


@pytest.mark.parametrize("role", ["unit", "reviewer", "other"])
def test_flow_pages_are_for_programme_staff_only(app, client, staff, flows, role):
    sign_in(client, staff[role])
    assert client.get("/staff/flows").status_code == 403
    assert client.post(f"/staff/flows/{FLOW}/edit").status_code == 403
    assert client.get(f"/staff/flows/{FLOW}/versions/1.yaml").status_code == 403
    assert stored_draft(app) is None
    assert "/staff/flows" not in client.get("/staff/live?lang=en").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_the_login(client, flows):
    reply = client.get("/staff/flows")
    assert reply.status_code == 302 and "/auth/login" in reply.location


def test_the_list_shows_kiosk_and_youth_flows_with_their_versions(programme, group):
    page = programme.get("/staff/flows?lang=en").get_data(as_text=True)
    for key in ("visit-4-7", "visit-8-12", "visit-13-17", "visit-relative", group["flow"]):
        assert f'data-flow="{key}"' in page
    assert f'href="/staff/flows/{FLOW}/versions/1.yaml"' in page
    assert "Youth group rounds" in page and "Waiting-room tablets" in page


def test_an_edited_question_comes_back_as_typed_in_every_language(app, programme):
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["text"] = {"sv": "Hur kändes väntan?", "ar": "كيف كان الانتظار؟", "fa": ""}
    question["pictogram"] = "pictograms/clock"
    question["options"][0]["label"]["en"] = "Very sad"
    reply = programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=question_form(question))
    assert reply.status_code == 302
    stored = stored_draft(app)["questions"][0]
    assert stored["text"] == {"sv": "Hur kändes väntan?", "ar": "كيف كان الانتظار؟"}
    assert stored["pictogram"] == "pictograms/clock"
    assert stored["options"][0]["label"]["en"] == "Very sad"
    page = programme.get(f"/staff/flows/{FLOW}/draft/questions/0").get_data(as_text=True)
    assert 'value="كيف كان الانتظار؟"' in page and 'lang="ar"' in page and 'dir="rtl"' in page
    assert 'src="/static/img/pictograms/clock.svg"' in page  # the chosen picture, visible
    assert versions(app) == [1], "editing a draft publishes nothing"


def test_the_title_is_saved_per_language(app, programme):
    open_draft(programme)
    data = {f"title_{code}": "" for code in SHIPPED_LOCALES}
    data.update(title_sv="Hur var besöket?", title_en="How was the visit?")
    assert programme.post(f"/staff/flows/{FLOW}/draft", data=data).status_code == 302
    assert stored_draft(app)["title"] == {"sv": "Hur var besöket?", "en": "How was the visit?"}


def test_questions_are_added_moved_and_removed(app, programme):
    open_draft(programme)
    keys = [q["key"] for q in stored_draft(app)["questions"]]
    reply = programme.post(f"/staff/flows/{FLOW}/draft/questions")
    assert reply.location.endswith(f"/staff/flows/{FLOW}/draft/questions/{len(keys)}")
    added = stored_draft(app)["questions"][-1]["key"]
    programme.post(f"/staff/flows/{FLOW}/draft/questions/{len(keys)}/move", data={"direction": "up"})
    assert [q["key"] for q in stored_draft(app)["questions"]] == [*keys[:-1], added, keys[-1]]
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0/remove")
    assert [q["key"] for q in stored_draft(app)["questions"]] == [*keys[1:-1], added, keys[-1]]
    assert programme.post(f"/staff/flows/{FLOW}/draft/questions/99/remove").status_code == 404


def test_answers_are_added_and_removed_keeping_what_was_typed(app, programme):
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["text"]["sv"] = "Ny fråga"
    data = {**question_form(question), "action": "add-option"}
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=data)
    stored = stored_draft(app)["questions"][0]
    assert stored["text"]["sv"] == "Ny fråga" and len(stored["options"]) == 4
    data = {**question_form(stored), "action": "remove-option-0"}
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=data)
    assert [o["key"] for o in stored_draft(app)["questions"][0]["options"]] == ["2", "3", ""]


def test_every_problem_is_shown_beside_its_field(app, programme):
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["options"][1]["key"] = "Two!"
    question["options"][2]["label"]["sv"] = ""
    question["skippable"] = False
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=question_form(question))
    second = stored_draft(app)["questions"][1]
    second["text"]["sv"] = ""
    programme.post(f"/staff/flows/{FLOW}/draft/questions/1", data=question_form(second))

    page = programme.get(f"/staff/flows/{FLOW}/draft/questions/0?lang=en").get_data(as_text=True)
    assert re.search(r'id="options-1-key-errors">\s*<li>.*lower-case letters', page)
    assert 'id="options-1-key"' in page and 'aria-invalid="true"' in page
    assert re.search(r'id="skippable-errors">\s*<li>.*must stay skippable', page)
    page = programme.get(f"/staff/flows/{FLOW}/draft/questions/1?lang=en").get_data(as_text=True)
    assert re.search(r'id="text_sv-errors">\s*<li>.*has no text in sv', page)
    draft = programme.get(f"/staff/flows/{FLOW}/draft?lang=en").get_data(as_text=True)
    assert 'id="question-0-errors"' in draft and 'id="question-1-errors"' in draft
    assert 'data-problems="4"' in draft


def test_free_text_is_refused_for_the_youngest_beside_the_type(app, programme):
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question.update(type="text", options=[])
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=question_form(question))
    page = programme.get(f"/staff/flows/{FLOW}/draft/questions/0?lang=en").get_data(as_text=True)
    assert re.search(r'id="type-errors">\s*<li>.*no free text for age_4_7', page)


def test_youth_only_types_are_not_offered_for_the_tablets(app, programme):
    open_draft(programme)
    page = programme.get(f"/staff/flows/{FLOW}/draft/questions/0").get_data(as_text=True)
    assert 'value="faces"' in page and 'value="rank"' not in page


def test_a_picture_not_under_static_img_is_refused(app, programme):
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["pictogram"] = "pictograms/nowhere"
    reply = programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=question_form(question))
    assert reply.status_code == 422
    assert stored_draft(app)["questions"][0].get("pictogram") != "pictograms/nowhere"


def test_publishing_makes_the_next_version_and_tells_every_tablet(app, programme, kiosk):
    tablet = kiosk_client(app, kiosk)
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["text"]["sv"] = "Hur var väntan i dag, tycker du?"
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=question_form(question))
    reply = programme.post(f"/staff/flows/{FLOW}/draft/publish")
    assert reply.status_code == 302
    assert versions(app) == [1, 2]
    assert events(tablet, "config_changed", namespace="/kiosk") == [{}]
    assert stored_draft(app) is None
    with app.app_context():
        assert find_version(db.session, FLOW, 1).definition["questions"][0]["text"]["sv"] != (
            "Hur var väntan i dag, tycker du?"
        ), "a published version never changes"
        entry = db.session.scalar(sa.select(AuditEntry))
        assert (entry.action, entry.target, entry.detail) == (
            "flow.publish",
            f"flow:{FLOW}",
            "version 2",
        )
    config = programme.get("/api/v1/kiosk/config", headers={"Authorization": f"Bearer {kiosk}"})
    flow = next(f for f in config.get_json()["flows"] if f["key"] == FLOW)
    assert flow["version"] == 2 and flow["questions"][0]["text"]["sv"].endswith("tycker du?")


def test_answers_to_the_old_version_are_still_accepted(app, programme, kiosk, flows):
    definition, number = flows["age_4_7"]
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["text"]["sv"] = "Ändrad"
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=question_form(question))
    programme.post(f"/staff/flows/{FLOW}/draft/publish")
    reply = programme.post(
        "/api/v1/responses",
        json=make_response(definition, number),
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    assert reply.status_code == 201


def test_an_unchanged_publish_changes_nothing(app, programme, kiosk):
    tablet = kiosk_client(app, kiosk)
    open_draft(programme)
    reply = programme.post(f"/staff/flows/{FLOW}/draft/publish")
    assert reply.status_code == 302
    assert versions(app) == [1]
    assert events(tablet, "config_changed", timeout=0.3, namespace="/kiosk") == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_a_draft_with_problems_is_not_published(app, programme, kiosk):
    tablet = kiosk_client(app, kiosk)
    open_draft(programme)
    programme.post(f"/staff/flows/{FLOW}/draft/questions")  # a blank question: no text yet
    reply = programme.post(f"/staff/flows/{FLOW}/draft/publish")
    assert reply.location.endswith(f"/staff/flows/{FLOW}/draft")
    assert versions(app) == [1] and stored_draft(app) is not None
    assert events(tablet, "config_changed", timeout=0.3, namespace="/kiosk") == []


def test_a_new_flow_for_an_age_band_is_written_and_published(app, programme):
    reply = programme.post(
        "/staff/flows/new",
        data={"key": "visit-8-12-spring", "audience": "age_8_12", "channel": "kiosk", "title": "Vår"},
    )
    assert reply.location.endswith("/staff/flows/visit-8-12-spring/draft")
    programme.post("/staff/flows/visit-8-12-spring/draft/questions")
    question = {
        "key": "snack",
        "type": "yesno",
        "area": "care_flows",
        "text": {"sv": "Fick du något att äta?", "en": "Did you get a snack?"},
        "options": [
            {"key": "yes", "label": {"sv": "Ja"}, "pictogram": "pictograms/yes"},
            {"key": "no", "label": {"sv": "Nej"}, "pictogram": "pictograms/no"},
        ],
    }
    programme.post("/staff/flows/visit-8-12-spring/draft/questions/0", data=question_form(question))
    programme.post("/staff/flows/visit-8-12-spring/draft/publish")
    assert versions(app, "visit-8-12-spring") == [1]
    with app.app_context():
        published = latest_of(db.session, "visit-8-12-spring").parsed
    assert published.audience == "age_8_12" and published.title == {"sv": "Vår"}
    assert published.question("snack").options[0].pictogram == "pictograms/yes"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"key": "Visit 8"}, "key", "lower-case"),
        ({"key": FLOW}, "key", "already a flow"),
    ],
)
def test_a_new_flow_needs_a_free_and_proper_key(app, programme, fields, field, message):
    data = {"key": "new", "audience": "age_8_12", "channel": "kiosk", "title": "", **fields}
    reply = programme.post("/staff/flows/new?lang=en", data=data)
    assert reply.status_code == 422
    assert re.search(rf'id="{field}-errors">\s*<li>.*{message}', reply.get_data(as_text=True))


# --- preview ---------------------------------------------------------------------


def test_the_preview_runs_the_kiosk_app_on_the_draft_without_a_token(app, programme):
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["text"]["sv"] = "Förhandsvisad fråga"
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=question_form(question))
    reply = programme.get(f"/staff/flows/{FLOW}/draft/preview?lang=ar")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert 'data-preview="true"' in page and 'data-token=""' in page
    assert '<html lang="ar" dir="rtl">' in page
    config = json.loads(
        re.search(r'id="kiosk-preview-config">(.*?)</script>', page, re.S).group(1)
    )
    (flow,) = config["flows"]
    assert flow["questions"][0]["text"]["sv"] == "Förhandsvisad fråga"
    assert [loc["code"] for loc in config["locales"]] == list(SHIPPED_LOCALES)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_real_tablets_get_the_kiosk_page_without_the_preview(client, kiosk, flows):
    client.get(f"/kiosk/pair/{kiosk}")
    page = client.get("/kiosk").get_data(as_text=True)
    assert "data-preview" not in page and "kiosk-preview-config" not in page


# --- YAML ------------------------------------------------------------------------


def test_a_version_downloads_as_yaml_and_uploads_back_as_the_draft(app, programme):
    reply = programme.get(f"/staff/flows/{FLOW}/versions/1.yaml")
    assert reply.status_code == 200 and "attachment" in reply.headers["Content-Disposition"]
    data = yaml.safe_load(reply.get_data(as_text=True))
    data["title"]["sv"] = "Uppladdad titel"
    text = yaml.safe_dump(data, allow_unicode=True).encode()
    reply = programme.post(
        "/staff/flows/upload", data={"file": (io.BytesIO(text), "flow.yaml")}
    )
    assert reply.location.endswith(f"/staff/flows/{FLOW}/draft")
    assert stored_draft(app)["title"]["sv"] == "Uppladdad titel"
    programme.post(f"/staff/flows/{FLOW}/draft/publish")
    assert versions(app) == [1, 2]
    again = yaml.safe_load(programme.get(f"/staff/flows/{FLOW}/versions/2.yaml").data)
    assert again == data


BAD_FILES = [
    ("key: visit-4-7\n  audience: [\n", "line 2"),
    (b"key: visit-4-7\ntitle: {sv: \"\xff\"}\n", "line 2: not UTF-8 text"),
    ("- one\n- two\n", "must be a mapping"),
    ("key: visit-4-7\naudience: age_4_7\ntitle: {sv: Hej}\ncolour: red\nquestions: []\n", "line 4: colour"),
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("key: visit-4-7\n" + "#" * 300_000 + "\n", "longer than 256 KiB"),
]


def _with_wrong_area(app) -> str:
    text = open_yaml(app)
    return text.replace("area: care_flows", "area: nowhere", 1)


def open_yaml(app) -> str:
    from waitingroom.flows.definition import to_yaml

    with app.app_context():
        return to_yaml(latest_of(db.session, FLOW).parsed)


@pytest.mark.parametrize(("content", "expected"), BAD_FILES)
def test_a_bad_upload_names_the_line_and_field_and_changes_nothing(
    app, programme, content, expected
):
    open_draft(programme)
    before = stored_draft(app)
    raw = content.encode() if isinstance(content, str) else content
    reply = programme.post(
        f"/staff/flows/{FLOW}/draft/upload?lang=en",
        data={"file": (io.BytesIO(raw), "flow.yaml")},
    )
    assert reply.status_code == 422
    assert re.search(r'id="file-errors">\s*<li><span[^>]*>!</span> [^<]*' + re.escape(expected), reply.get_data(as_text=True))
    assert stored_draft(app) == before


def test_an_upload_with_a_wrong_area_names_its_line(app, programme):
    text = _with_wrong_area(app)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "area: nowhere" in row)
    reply = programme.post(
        "/staff/flows/upload?lang=en",
        data={"file": (io.BytesIO(text.encode()), "flow.yaml")},
    )
    assert reply.status_code == 422
    assert f"line {line}: questions[0].area: must be one of" in reply.get_data(as_text=True)
    assert stored_draft(app) is None


def test_an_upload_for_another_flow_does_not_replace_this_draft(app, programme):
    open_draft(programme)
    before = stored_draft(app)
    with app.app_context():
        from waitingroom.flows.definition import to_yaml

        other = to_yaml(latest_of(db.session, "visit-8-12").parsed)
    reply = programme.post(
        f"/staff/flows/{FLOW}/draft/upload",
        data={"file": (io.BytesIO(other.encode()), "flow.yaml")},
    )
    assert reply.status_code == 422 and stored_draft(app) == before


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "data", "status"),
    [
        ("get", "/staff/flows/Not%20a%20key/draft", None, 404),
        ("get", f"/staff/flows/{FLOW}/draft/questions/99", None, 404),
        ("post", f"/staff/flows/{FLOW}/draft/questions/0/move", {"direction": "sideways"}, 400),
        ("post", f"/staff/flows/{FLOW}/draft/questions/0", {"key": "q", "max_length": "many"}, 422),
        ("post", f"/staff/flows/{FLOW}/draft/upload", {}, 422),
        ("post", "/staff/flows/new", {"key": "x", "audience": "grown_ups", "channel": "kiosk"}, 422),
        ("get", f"/staff/flows/{FLOW}/versions/7.yaml", None, 404),
        ("get", "/staff/flows/visit-8-12/draft/preview", None, 404),
    ],
)
def test_bad_requests_get_a_clear_answer_and_change_nothing(
    app, programme, method, path, data, status
):
    open_draft(programme)
    before = stored_draft(app)
    reply = getattr(programme, method)(path, data=data) if data is not None else getattr(
        programme, method
    )(path)
    assert reply.status_code == status
    assert stored_draft(app) == before


def test_answers_stop_at_the_most_a_question_may_have(app, programme):
    open_draft(programme)
    question = stored_draft(app)["questions"][0]
    question["options"] = [
        {"key": str(n), "label": {"sv": f"Svar {n}"}} for n in range(1, 13)
    ]
    data = {**question_form(question), "action": "add-option"}
    programme.post(f"/staff/flows/{FLOW}/draft/questions/0", data=data)
    assert len(stored_draft(app)["questions"][0]["options"]) == 12
