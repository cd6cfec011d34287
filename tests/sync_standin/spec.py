"""The OpenAPI file as the stand-in's rule book: find the operation a request is for and check the request (and
the stand-in's own answer) against its schemas with jsonschema."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SPEC_FILE = Path(__file__).resolve().parents[2] / "docs" / "sync-api.openapi.json"


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"

    def node(self) -> dict[str, Any]:
        return spec()["paths"][self.template][self.method.lower()]

    def parameters(self) -> list[dict[str, Any]]:
        return [*spec()["paths"][self.template].get("parameters", []), *self.node().get("parameters", [])]


@cache
def operations() -> list[Operation]:
    out = []
    for template, item in spec()["paths"].items():
        regex = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$"
        for method in ("get", "put", "post", "delete"):
            if method in item:
                out.append(Operation(method.upper(), template, re.compile(regex)))
    return out


def find(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    for op in operations():
        m = op.pattern.match(path)
        if m and op.method == method:
            return op, m.groupdict()
    return None


@cache
def _validator(schema_json: str) -> Draft202012Validator:
    schema = json.loads(schema_json)
    return Draft202012Validator({**schema, "components": spec()["components"]})


def errors(schema: dict[str, Any], value: Any) -> list[str]:
    validator = _validator(json.dumps(schema, sort_keys=True))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in validator.iter_errors(value)]


def check_request(
    op: Operation, headers: dict[str, str], query: dict[str, str], body: Any, has_body: bool
) -> list[str]:
    """What is wrong with this request by the OpenAPI file (empty when it conforms)."""
    problems: list[str] = []
    node = op.node()
    if node.get("security") and not headers.get("authorization", "").startswith("Bearer "):
        problems.append("no bearer token")
    for param in op.parameters():
        where = {"header": headers, "query": query}.get(param["in"])
        if where is None:
            continue
        value = where.get(param["name"].lower() if param["in"] == "header" else param["name"])
        if value is None:
            if param.get("required"):
                problems.append(f"missing {param['in']} parameter {param['name']}")
            continue
        schema = param["schema"]
        if schema.get("type") == "integer":
            try:
                value = int(value)
            except ValueError:
                problems.append(f"{param['name']}: not an integer")
                continue
        problems += [f"{param['name']}: {e}" for e in errors(schema, value)]
    request_body = node.get("requestBody")
    if request_body:
        if not has_body:
            problems.append("no request body")
        else:
            if headers.get("content-type", "").split(";")[0] != "application/json":
                problems.append("content type is not application/json")
            problems += errors(request_body["content"]["application/json"]["schema"], body)
    elif has_body:
        problems.append("a body where the operation takes none")
    return problems


def check_response(op: Operation, status: int, body: Any) -> list[str]:
    responses = op.node()["responses"]
    answer = responses.get(str(status))
    if answer is None:
        return [f"{op.name}: status {status} is not in the OpenAPI file"]
    content = answer.get("content")
    if content is None:
        return [] if body is None else [f"{op.name} {status}: a body where none is documented"]
    return [f"{op.name} {status}: {e}" for e in errors(content["application/json"]["schema"], body)]
