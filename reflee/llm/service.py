"""Model management for front ends: what the server has, pulling, and a health check with fixes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflee.i18n import _
from reflee.llm.errors import LLMError, LLMModelMissing
from reflee.llm.models import Check, DoctorReport, ListedModel, ModelList, PullResult
from reflee.llm.provider import Provider, make_provider
from reflee.llm.types import LLMSettings

if TYPE_CHECKING:
    from reflee.cancel import CancelToken

__all__ = ["Check", "DoctorReport", "ModelService", "same_model"]

Progress = Callable[[int, int | None], None]


def same_model(a: str, b: str) -> bool:
    """Ollama names default their tag to ':latest'."""

    def norm(name: str) -> str:
        return name if ":" in name.split("/")[-1] else name + ":latest"

    return norm(a) == norm(b)


@dataclass
class ModelService:
    settings: LLMSettings
    provider: Provider | None = None
    failed_jobs: Callable[[], int] | None = None
    """How many feedback jobs have failed (the session wires the feedback queue here), for ``doctor``."""

    def _p(self) -> Provider:
        if self.provider is None:
            self.provider = make_provider(self.settings)
        return self.provider

    def list_models(self) -> ModelList:
        """The server's models, the configured one (llm.model) marked."""
        return ModelList(
            self.settings.model,
            [ListedModel(m, same_model(m.name, self.settings.model)) for m in self._p().list_models()],
        )

    def pull(
        self,
        name: str,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        *,
        on_status: Callable[[str], None] | None = None,
    ) -> PullResult:
        """Download ``name`` into the server. ``progress(bytes done, bytes total or None)`` and
        ``on_status(the server's status line)`` follow each step; cancelling stops the download with
        CancelledError (Ollama keeps what it has and resumes on the next pull)."""
        last: str | None = None
        for step in self._p().pull(name, cancel=cancel):
            last = step.status
            if on_status is not None:
                on_status(step.status)
            if progress is not None:
                progress(step.completed or 0, step.total)
        return PullResult(name, last if last is not None else "success")

    def doctor(self, failed_jobs: int | None = None) -> DoctorReport:
        """Is the server there, does it have the model, does the context fit, are feedback jobs failing;
        each problem with the command that fixes it. ``failed_jobs`` defaults to the session's count."""
        if failed_jobs is None:
            failed_jobs = self.failed_jobs() if self.failed_jobs is not None else 0
        return DoctorReport(self._checks(failed_jobs))

    def _checks(self, failed_jobs: int) -> list[Check]:
        s = self.settings
        checks: list[Check] = []
        where = s.server
        try:
            version = self._p().version()
        except LLMError as exc:
            fix = "ollama serve" if s.provider == "ollama" else _("start your OpenAI-compatible server")
            checks.append(
                Check(
                    "server",
                    "fail",
                    _("{provider} at {where}: {message}").format(provider=s.provider, where=where, message=exc.message),
                    fix,
                )
            )
            checks.append(
                Check(
                    "server address",
                    "warn",
                    _("using {where}").format(where=where),
                    f"reflee config set {_host_key(s)} http://HOST:PORT",
                )
            )
            return checks
        checks.append(
            Check(
                "server",
                "ok",
                _("{provider} at {where}").format(provider=s.provider, where=where)
                + (_(", version {version}").format(version=version) if version else ""),
            )
        )
        try:
            info = self._p().show(s.model)
        except LLMModelMissing:
            fix = f"reflee model pull {s.model}" if s.provider == "ollama" else _("load the model in your server")
            checks.append(Check("model", "fail", _("{model} is not on the server").format(model=s.model), fix))
            return checks
        except LLMError as exc:
            checks.append(Check("model", "fail", f"{s.model}: {exc.message}", "reflee model list"))
            return checks
        checks.append(Check("model", "ok", f"{s.model}" + (f" ({info.parameter_size})" if info.parameter_size else "")))
        checks.extend(self._context_checks(info.context_length))
        if failed_jobs:
            checks.append(
                Check(
                    "feedback queue",
                    "warn",
                    _("{failed_jobs} failed job(s)").format(failed_jobs=failed_jobs),
                    "reflee feedback retry --failed",
                )
            )
        return checks

    def _context_checks(self, model_ctx: int | None) -> list[Check]:
        """Does llm.num_ctx fit what the server really gives a request: llama-server's per-slot context (/props)
        on an OpenAI-compatible server, else the model's trained context (Ollama's /api/show)?"""
        s = self.settings
        server_ctx: int | None = None
        if s.provider != "ollama":
            try:
                server_ctx = self._p().context_window()
            except LLMError:
                server_ctx = None
        per_request, trained = _("the server's context per request"), _("the model's")
        real, what = (server_ctx, per_request) if server_ctx else (model_ctx, trained)
        if not real:
            return []
        if s.num_ctx > real:
            return [
                Check(
                    "context",
                    "warn",
                    _(
                        "llm.num_ctx {num_ctx} is above {what} {real} tokens: long entries would be refused or cut; "
                        "reflee trims them to fit"
                    ).format(num_ctx=s.num_ctx, what=what, real=real),
                    f"reflee config set llm.num_ctx {real}",
                )
            ]
        return [
            Check(
                "context",
                "ok",
                _("using {num_ctx} of {real} tokens ({what})").format(num_ctx=s.num_ctx, real=real, what=what),
            )
        ]


def _host_key(s: LLMSettings) -> str:
    return "llm.host" if s.provider == "ollama" else "llm.base_url"
