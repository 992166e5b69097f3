"""The fields each email kind takes, validated into typed models (errors name the field)."""
import datetime
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      ValidationError, ValidationInfo, field_validator)

from assistant.field_shapes import strip_controls
from ingest.errors import InputError, NotFound

MAX_FIELD = 2000
MAX_MATERIALS = 20
DEFAULT_ASK = "a 20–30 minute conversation"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _clean_text(value: str) -> str:
    """Control characters (NUL, ESC, bidi overrides) go; space runs become one space. Line breaks stay for
    the wording to read (a pasted line that ends a sentence), which joins them into one line."""
    value = strip_controls(value)
    if not any(ch.isalnum() for ch in value):
        raise ValueError("must contain words, not only punctuation")
    return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_FIELD),
                 AfterValidator(_clean_text)]


def _number_as_text(value: Any) -> Any:
    """JSON clients may send hours as a number (5) rather than text ("4–5")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError("must be a positive number of hours")
        return f"{value:g}"
    return value


def _split_commas(value: Any) -> Any:
    """The CLI and the web form send materials as one comma-separated string (or one item a line, as pasted
    from a list); empty means the default."""
    if isinstance(value, str):
        parts = [part.strip().lstrip("-*•· ") for line in value.splitlines() for part in line.split(",")]
        # "x, y, and z": the last item without its "and"
        value = [part[3:].lstrip() if part.startswith("and") and part[3:4].isspace() else part
                 for part in parts if part]
    return value or None


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD: a bare number or "03/04/27" is too easily misread."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("must be a calendar date written YYYY-MM-DD, e.g. 2027-03-03")


Hours = Annotated[Text, BeforeValidator(_number_as_text, json_schema_input_type=float | str)]
Materials = Annotated[list[Text] | None, Field(max_length=MAX_MATERIALS),
                      BeforeValidator(_split_commas, json_schema_input_type=list[str] | str | None)]
Deadline = Annotated[datetime.date, BeforeValidator(_iso_date, json_schema_input_type=datetime.date)]


class DraftFields(BaseModel):
    """A kind's fields: a misspelt name is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class MentorOutreachFields(DraftFields):
    recipient_name: Text = Field(description="How to address them, e.g. 'Dr. Lee'.")
    sender_name: Text = Field(description="Your name as you sign emails.")
    training_level: Text = Field(description="A phrase, e.g. 'PGY-2 resident', 'third-year medical student' "
                                             "(shorthand such as 'ms3' or 'pgy2' is written out).")
    interest: Text = Field(description="A field or topic, e.g. 'spinal cord injury research' (a lead-in such as "
                                       "'I want to do…' is dropped).")
    institution: Text | None = Field(None, description="Where you train, e.g. 'Rush University Medical Center'.")
    specific_work: Text | None = Field(None, description="Their paper, project or talk that made you write: a phrase "
                                                         "('your 2023 paper on early mobilization after SCI') or "
                                                         "your own sentence ('I read your paper on…').")
    ask: Text = Field(DEFAULT_ASK, description="One small, clear request, e.g. 'a 15-minute call during the "
                                               "Annual Assembly', or a full question ending in '?'.")
    hours_per_week: Hours | None = Field(None, description="Time you can give a research project, e.g. '4–5'.")


class ThankYouFields(DraftFields):
    recipient_name: Text = Field(description="How to address them, e.g. 'Dr. Lee'.")
    sender_name: Text = Field(description="Your name as you sign emails.")
    context: Text = Field(description="Where you met or what they did: a phrase ('our conversation after your "
                                      "talk on concussion rehab') or your own sentence ('We talked at the "
                                      "Annual Assembly about…').")
    insight: Text | None = Field(None, description="What you took away from it.")
    next_step: Text | None = Field(None, description="A follow-up, e.g. 'the chance to help with your multisite "
                                                     "study', or a full question ending in '?'.")


class LorRequestFields(DraftFields):
    recipient_name: Text = Field(description="How to address them, e.g. 'Dr. Lee'.")
    sender_name: Text = Field(description="Your name as you sign emails.")
    purpose: Text = Field(description="What you are applying to, a phrase: 'PM&R residency' or 'sports medicine "
                                      "fellowships'.")
    relationship: Text = Field(description="How they know your work: a phrase ('your mentorship during my SCI "
                                           "rotation') or your own sentence ('I rotated on your service in "
                                           "July.').")
    deadline: Deadline = Field(description="When letters are due (YYYY-MM-DD).")
    materials: Materials = Field(None, description="What you will send them (a list, or one comma-separated "
                                                   "string); default: CV, personal statement draft and bullet "
                                                   "points about your work together.")
    highlights: Text | None = Field(None, description="What you hope the letter can speak to.")

    @field_validator("deadline")
    @classmethod
    def _not_past(cls, deadline: datetime.date, info: ValidationInfo) -> datetime.date:
        today = (info.context or {}).get("today") or datetime.date.today()
        if deadline < today:
            raise ValueError(f"{deadline.isoformat()} is in the past; give the date the letters are due")
        return deadline


DRAFT_MODELS: dict[str, type[DraftFields]] = {
    "mentor-outreach": MentorOutreachFields,
    "thank-you": ThankYouFields,
    "lor-request": LorRequestFields,
}


def validate_fields(kind: str, fields: Mapping, *, today: datetime.date) -> DraftFields:
    """The kind's typed fields, or a NotFound / InputError that names what to fix."""
    model = DRAFT_MODELS.get(kind)
    if model is None:
        raise NotFound(f"unknown draft kind {kind!r}: choose one of {', '.join(DRAFT_MODELS)}")
    if isinstance(fields, BaseModel):
        fields = fields.model_dump(exclude_unset=True)
    try:
        return model.model_validate(fields, context={"today": today})
    except ValidationError as exc:
        raise input_error(exc, kind=kind, model=model) from None


def input_error(exc: ValidationError, *, kind: str, model: type[DraftFields]) -> InputError:
    """One message for all of a request's problems, the first offending field on `.field`."""
    errors = exc.errors(include_url=False)
    missing = [_field_of(e) for e in errors if e["type"] == "missing"]
    unknown = [_field_of(e) for e in errors if e["type"] == "extra_forbidden"]
    problems = {}
    for error in errors:
        if error["type"] not in ("missing", "extra_forbidden"):
            item = error["loc"][1] if len(error["loc"]) > 1 and isinstance(error["loc"][1], int) else None
            problems.setdefault(_field_of(error), ("" if item is None else f"item {item + 1} ") + _describe(error))
    parts = []
    if missing:
        parts.append(f"missing required field(s): {', '.join(missing)}")
    if unknown:
        parts.append(f"unknown field(s) for {kind}: {', '.join(unknown)} "
                     f"(its fields are {', '.join(model.model_fields)})")
    parts.extend(f"{name or 'fields'} {problem}" for name, problem in problems.items())
    first = (missing or unknown or list(problems) or [None])[0]
    return InputError("; ".join(parts), field=first)


def _field_of(error: dict) -> str | None:
    return str(error["loc"][0]) if error["loc"] else None


def _describe(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "string_too_long":
        return f"is too long ({len(error['input'].strip()):,} characters; the limit is {MAX_FIELD:,})"
    if kind == "string_too_short":
        return "is blank"
    if kind == "string_type":
        return "must be text"
    if kind == "too_long":
        return f"has too many items (at most {MAX_MATERIALS})"
    if kind == "list_type":
        return "must be a list of text or one comma-separated string"
    if kind == "model_type":
        return "must be an object of field names and values"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"].lower()
