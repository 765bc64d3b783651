"""A round's group result as CSV: the same figures staff see, suppression applied."""

from __future__ import annotations

import csv
import io

from waitingroom.flows.definition import FlowDefinition

COLUMNS = ("round", "question", "type", "option", "figure", "value", "n")
# What the number in `value` is, per question type.
FIGURES = {"rank": "first_places", "points": "points", "vote": "votes"}


def result_csv(result: dict, definition: FlowDefinition) -> str:
    """One row per figure; a suppressed figure is a row with an empty value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for question in definition.questions:
        figures = result["questions"][f"{definition.key}/{question.key}"]
        n = "" if figures["n"] is None else figures["n"]
        base = (result["id"], question.key, question.type)
        if figures["suppressed"]:
            writer.writerow((*base, "", "suppressed", "", ""))
            continue
        if question.type == "vote":
            for idea_id, idea in figures["ideas"].items():
                for vote in ("agree", "disagree", "pass"):
                    value = "" if idea["counts"] is None else idea["counts"][vote]
                    # Starts with the idea's number: never read as a spreadsheet formula.
                    label = f"{idea_id}: {idea['text']}"
                    writer.writerow((*base, label, vote, value, idea["n"] or ""))
            continue
        for option, value in (figures["counts"] or {}).items():
            writer.writerow((*base, option, FIGURES.get(question.type, "count"), value, n))
        for option, mean in (figures.get("mean_rank") or {}).items():
            writer.writerow((*base, option, "mean_rank", mean, n))
        for option, mean in (figures.get("mean_points") or {}).items():
            writer.writerow((*base, option, "mean_points", mean, n))
        if figures["counts"] is None:
            writer.writerow((*base, "", "answered", n, n))
    return out.getvalue()
