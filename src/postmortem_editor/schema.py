"""The JSON Schema of the incident file, for editors and validators (`postmortem schema`).

The fields are documented by the docstrings under them in ``model.py``. Pydantic can
read those itself, but that reads and parses the module's source each time the models
are built, at every start of every command; the schema is the only place that needs
them, so they are read here, when it is asked for.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from pydantic import BaseModel

from postmortem_editor import model
from postmortem_editor.model import SCHEMA_VERSION, Incident

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def field_docs() -> dict[str, dict[str, str]]:
    """The docstring under each field of each class in ``model.py``, by class and field."""
    docs: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(model)).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = docs.setdefault(node.name, {})
        for statement, after in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                fields[statement.target.id] = inspect.cleandoc(after.value.value)
    return docs


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The model classes the schema of ``root`` refers to, by name, ``root`` included."""
    found: dict[str, type[BaseModel]] = {}
    waiting = [root]
    while waiting:
        cls = waiting.pop()
        if cls.__name__ in found:
            continue
        found[cls.__name__] = cls
        for info in cls.model_fields.values():
            for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    waiting.append(arg)
    return found


def incident_schema() -> dict[str, Any]:
    """The JSON Schema of an incident file, every field described."""
    schema = Incident.model_json_schema()
    docs = field_docs()
    definitions = schema.get("$defs", {})
    for name, cls in _models(Incident).items():
        target = schema if cls is Incident else definitions.get(name)
        if target is None:
            continue
        inherited: dict[str, str] = {}
        for base in reversed(cls.__mro__):
            inherited.update(docs.get(base.__name__, {}))
        fields = target.get("properties", {})
        for field, properties in fields.items():
            if field in inherited and "description" not in properties:
                # In the place Pydantic gives a description: keys in alphabetical order.
                fields[field] = dict(
                    sorted({**properties, "description": inherited[field]}.items())
                )
    schema["$schema"] = DRAFT
    schema["title"] = f"Incident postmortem (postmortem-editor, schema version {SCHEMA_VERSION})"
    return schema
