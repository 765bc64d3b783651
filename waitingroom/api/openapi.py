"""The OpenAPI 3 document of /api/v1, kept beside the routes it describes."""

from __future__ import annotations

from functools import cache

from waitingroom.flows.definition import AREAS, AUDIENCES, QUESTION_TYPES


def _error() -> dict:
    return {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "details": {},
        },
    }


def _error_responses(*statuses: int) -> dict:
    text = {
        400: "Malformed request",
        401: "No token, or a token not valid here",
        403: "A valid token or session, but not for this",
        404: "Not found",
        409: "The id is taken by a different response",
        413: "Too large",
        422: "Well-formed but invalid",
        429: "Rate limited",
        503: "The database is busy; the device keeps the response and tries again",
    }
    return {
        str(status): {
            "description": text[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for status in statuses
    }


_RESPONSE_IN = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "flow",
        "version",
        "audience",
        "locale",
        "started_at",
        "submitted_at",
        "answers",
    ],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "flow": {"type": "string", "minLength": 1, "maxLength": 48},
        "version": {"type": "integer", "minimum": 1},
        "audience": {"type": "string", "enum": list(AUDIENCES)},
        "locale": {"type": "string", "minLength": 2, "maxLength": 16},
        "started_at": {"type": "string", "format": "date-time"},
        "submitted_at": {"type": "string", "format": "date-time"},
        "round": {
            "type": "integer",
            "minimum": 1,
            "description": "the youth round a member answers (youth link tokens only)",
        },
        "answers": {
            "type": "array",
            "maxItems": 50,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["question"],
                "properties": {
                    "question": {"type": "string", "minLength": 1, "maxLength": 48},
                    "value": {
                        "description": "a point number, an option key, a list of option keys"
                        " (a ranking: all of them, in order), an object of option key to points,"
                        " an object of idea key to agree|disagree|pass, or text;"
                        " null or absent when skipped",
                    },
                },
            },
        },
    },
}

_RESULT = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {
        "id": {"type": "string", "nullable": True},
        "status": {"type": "string", "enum": ["accepted", "duplicate", "rejected"]},
        "error": {"type": "string"},
        "message": {"type": "string"},
        "http_status": {"type": "integer"},
        "support": {"type": "boolean"},
    },
}

# A recorded voice per language: locale -> URL (path /kiosk/voice/…), for a paired kiosk.
_VOICE = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": "Recordings of this text: language code -> URL. Only languages with a"
    " recording of the current text appear; the key is absent when there is none.",
}

_QUESTION = {
    "type": "object",
    "required": ["key", "type", "area", "skippable", "text", "options"],
    "properties": {
        "key": {"type": "string"},
        "type": {"type": "string", "enum": list(QUESTION_TYPES)},
        "area": {"type": "string", "enum": list(AREAS)},
        "scale": {"type": "integer"},
        "budget": {"type": "integer", "description": "the points a points question hands out"},
        "max_length": {"type": "integer"},
        "skippable": {"type": "boolean"},
        "pictogram": {"type": "string"},
        "text": {"type": "object", "additionalProperties": {"type": "string"}},
        "voice": _VOICE,
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "label"],
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "object", "additionalProperties": {"type": "string"}},
                    "pictogram": {"type": "string"},
                    "voice": _VOICE,
                },
            },
        },
    },
}

_TEXTS = {"type": "object", "additionalProperties": {"type": "string"}}
_POST = {
    "type": "object",
    "description": (
        '"You said, we did". `title`, `body` and `reason` hold every shipped language:'
        " where staff did not write one, the Swedish text (always written) stands in,"
        " and `languages` lists the languages actually written."
    ),
    "required": [
        "id",
        "unit",
        "unit_name",
        "status",
        "pictogram",
        "day",
        "title",
        "body",
        "reason",
        "languages",
    ],
    "properties": {
        "id": {"type": "integer"},
        "unit": {"type": "string", "nullable": True, "description": "null: the whole region"},
        "unit_name": {"type": "string", "nullable": True},
        "status": {"type": "string", "enum": ["done", "in_progress", "cant_do"]},
        "pictogram": {"type": "string", "description": 'a picture name, e.g. "pictograms/toys"'},
        "day": {"type": "string", "format": "date"},
        "title": _TEXTS,
        "body": _TEXTS,
        "reason": {**_TEXTS, "nullable": True, "description": "why not; only for cant_do"},
        "languages": {"type": "array", "items": {"type": "string"}},
    },
}

_KIOSK_CONFIG = {
    "type": "object",
    "required": ["unit", "locales", "flows", "posts"],
    "properties": {
        "unit": {"type": "object"},
        "locales": {"type": "array"},
        "flows": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "version": {"type": "integer"},
                    "audience": {"type": "string"},
                    "voice": _VOICE,
                    "questions": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Question"},
                    },
                },
            },
        },
        "posts": {
            "type": "array",
            "description": "the unit's and the region's published posts, newest first (at most 4)",
            "items": {"$ref": "#/components/schemas/Post"},
        },
    },
}


_TEXT = {"type": "string"}
_BINARY = {"type": "string", "format": "binary"}


def _query(name: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema}


_SUMMARY = {
    "type": "object",
    "required": ["scope", "window", "seq", "total", "suppressed", "questions"],
    "properties": {
        "scope": {"type": "string"},
        "window": {"type": "string"},
        "seq": {"type": "integer"},
        "total": {"type": "integer", "nullable": True},
        "suppressed": {"type": "boolean"},
        "questions": {"type": "object"},
        "by_audience": {"type": "object"},
        "by_locale": {"type": "object"},
        "filters": {"type": "object"},
        "min_group_size": {"type": "integer"},
    },
}

_YOUTH_ROUNDS = {
    "type": "object",
    "required": ["group", "member", "locales", "min_group_size", "rounds"],
    "properties": {
        "group": {"type": "object"},
        "member": {"type": "object"},
        "locales": {"type": "array"},
        "min_group_size": {"type": "integer"},
        "rounds": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "status", "opens_on", "closes_on", "flow", "answer"],
                "properties": {
                    "id": {"type": "integer"},
                    "status": {"type": "string", "enum": ["open", "closed"]},
                    "opens_on": {"type": "string", "format": "date"},
                    "closes_on": {"type": "string", "format": "date"},
                    "flow": {"type": "object"},
                    "answer": {"type": "object", "nullable": True},
                    "result": {"type": "object", "nullable": True},
                    "outcome": {"type": "object", "nullable": True},
                },
            },
        },
        "posts": {
            "type": "array",
            "description": "published posts marked for the youth group, newest first",
            "items": {"$ref": "#/components/schemas/Post"},
        },
    },
}

_COMMENTS = {
    "type": "object",
    "required": ["scope", "status", "comments"],
    "properties": {
        "scope": {"type": "string"},
        "status": {"type": "string"},
        "comments": {"type": "array", "items": {"type": "object"}},
    },
}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@cache
def openapi_document() -> dict:
    bearer = [{"bearer": []}]
    json_body = {"required": True, "content": {"application/json": {"schema": {}}}}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Waiting room API",
            "version": "1",
            "description": "Anonymous, age-adapted feedback from clinic waiting rooms.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": _error(),
                "ResponseIn": _RESPONSE_IN,
                "Result": _RESULT,
                "Question": _QUESTION,
                "KioskConfig": _KIOSK_CONFIG,
                "Post": _POST,
            },
        },
        "paths": {
            "/api/v1/health": {
                "get": {
                    "summary": "Service and database health",
                    "responses": {
                        "200": {
                            "description": "Healthy",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["status", "database"],
                                        "properties": {
                                            "status": {"type": "string"},
                                            "database": {"type": "string"},
                                        },
                                    }
                                }
                            },
                        },
                        "503": {"description": "The database does not answer"},
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document"}},
                }
            },
            "/api/v1/kiosk/config": {
                "get": {
                    "summary": "The kiosk's unit, languages, published flows and posts",
                    "security": bearer,
                    "responses": {
                        "200": {
                            "description": "Configuration",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/KioskConfig"}
                                }
                            },
                        },
                        **_error_responses(401),
                    },
                }
            },
            "/kiosk/voice/{recording}/{digest}": {
                "get": {
                    "summary": "A recorded voice named in the kiosk configuration",
                    "description": "For paired kiosks (device cookie or bearer token)."
                    " The URL names its content, so replies are cached for a year.",
                    "security": bearer,
                    "parameters": [
                        {
                            "name": "recording",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {"name": "digest", "in": "path", "required": True, "schema": _TEXT},
                    ],
                    "responses": {
                        "200": {
                            "description": "The recording",
                            "content": {"audio/*": {"schema": _BINARY}},
                        },
                        "304": {"description": "Not modified (If-None-Match)"},
                        "401": {
                            "description": "Not a paired kiosk",
                            "content": {"text/plain": {"schema": _TEXT}},
                        },
                        "404": {
                            "description": "No such recording (a path no recording has"
                            " gets the site's HTML page)",
                            "content": {
                                "text/plain": {"schema": _TEXT},
                                "text/html": {"schema": _TEXT},
                            },
                        },
                    },
                }
            },
            "/api/v1/responses": {
                "post": {
                    "summary": "Store one finished flow, idempotently by its id",
                    "security": bearer,
                    "requestBody": {
                        **json_body,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ResponseIn"}
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Accepted",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Result"}
                                }
                            },
                        },
                        "200": {
                            "description": "Already stored with the same content",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Result"}
                                }
                            },
                        },
                        **_error_responses(400, 401, 404, 409, 413, 422, 429, 503),
                    },
                }
            },
            "/api/v1/responses/batch": {
                "post": {
                    "summary": "Store up to 500 responses; one result per item, in order",
                    "security": bearer,
                    "requestBody": {
                        **json_body,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["responses"],
                                    "properties": {
                                        "responses": {
                                            "type": "array",
                                            "maxItems": 500,
                                            "items": {"$ref": "#/components/schemas/ResponseIn"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "One result per item",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["results"],
                                        "properties": {
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Result"},
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        **_error_responses(400, 401, 413, 429),
                    },
                }
            },
            "/api/v1/youth/rounds": {
                "get": {
                    "summary": "A youth member's open and closed rounds (youth link token)",
                    "security": bearer,
                    "responses": {
                        "200": {
                            "description": "Rounds, own answers, closed rounds' results",
                            "content": {"application/json": {"schema": _YOUTH_ROUNDS}},
                        },
                        **_error_responses(401),
                    },
                }
            },
            "/api/v1/summary": {
                "get": {
                    "summary": "The live summary of a scope and window (as the summary event)",
                    "security": bearer,
                    "parameters": [
                        _query("scope", {"type": "string"}, required=True),
                        _query("window", {"type": "string", "enum": ["today", "7d", "30d"]}),
                        _query("audience", {"type": "string", "enum": list(AUDIENCES)}),
                        _query("locale", {"type": "string"}),
                        _query("area", {"type": "string", "enum": list(AREAS)}),
                    ],
                    "responses": {
                        "200": {
                            "description": "Figures; null where fewer than the minimum group size",
                            "content": {"application/json": {"schema": _SUMMARY}},
                        },
                        **_error_responses(400, 401, 403, 404),
                    },
                }
            },
            "/api/v1/exports/aggregates": {
                "get": {
                    "summary": "Aggregate figures as a CSV or XLSX file, small numbers hidden",
                    "security": bearer,
                    "parameters": [
                        _query("scope", {"type": "string"}, required=True),
                        _query("from", {"type": "string", "format": "date"}),
                        _query("to", {"type": "string", "format": "date"}),
                        _query("month", {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}),
                        _query("per", {"type": "string", "enum": ["all", "day", "week", "month"]}),
                        _query("breakdown", {"type": "string"}),
                        _query("area", {"type": "string", "enum": list(AREAS)}),
                        _query("format", {"type": "string", "enum": ["csv", "xlsx"]}),
                    ],
                    "responses": {
                        "200": {
                            "description": "The file; hidden figures are empty cells",
                            "content": {
                                "text/csv": {"schema": {"type": "string"}},
                                XLSX: {"schema": {"type": "string", "format": "binary"}},
                            },
                        },
                        **_error_responses(400, 401, 403, 404),
                    },
                }
            },
            "/api/v1/comments": {
                "get": {
                    "summary": "Scrubbed comments of a scope, newest first",
                    "security": bearer,
                    "parameters": [
                        _query("scope", {"type": "string"}),
                        _query(
                            "status",
                            {
                                "type": "string",
                                "enum": ["pending", "approved", "hidden", "flagged"],
                            },
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "Comments",
                            "content": {"application/json": {"schema": _COMMENTS}},
                        },
                        **_error_responses(400, 401, 403, 404),
                    },
                }
            },
        },
    }
