"""How eval results look: the scores table (raw and guarded, or two runs side by side) and the stored runs."""

from __future__ import annotations

from reflee import output
from reflee.feedback.evalmodels import CHECKS, EvalComparison, EvalRun
from reflee.i18n import N_, _

CHECK_LABELS = {
    "schema": N_("schema"),
    "language": N_("language"),
    "sections": N_("every section filled"),
    "distinct": N_("no repeated item"),
    "keep_vs_recs": N_("keep ≠ recommendations"),
    "grounded": N_("grounded in the entry"),
    "no_echo": N_("no prompt echo"),
    "length": N_("length bounds"),
}


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def _footer(run: EvalRun) -> str:
    s = run.scores
    text = _(
        "{cases} entries · {repairs} repaired · {errors} without an answer · model {model_ms:.0f} ms per entry · "
        "reflee {overhead:.2f} ms per entry"
    ).format(
        cases=run.cases, repairs=s["repairs"], errors=s["errors"], model_ms=run.model_ms / max(1, run.cases),
        overhead=run.overhead_ms_per_case,
    )  # fmt: skip
    if s.get("judge") is not None:
        text += " · " + _("judge {score}").format(score=_pct(s["judge"]))
    return text


def _title(run: EvalRun) -> str:
    return _("{template} on {model} (run {id})").format(template=run.template, model=run.model, id=run.short_id)


def single(run: EvalRun) -> None:
    s = run.scores
    rows = [(_(CHECK_LABELS[c]), _pct(s["raw"][c]), _pct(s["guarded"][c])) for c in CHECKS]
    rows.append((_("score"), _pct(s["score"]["raw"]), _pct(s["score"]["guarded"])))
    output.table(
        [_("Check"), (_("First answer"), {"justify": "right"}), (_("After the guard"), {"justify": "right"})],
        rows,
        title=_title(run),
        caption=_footer(run),
    )


def comparison(cmp: EvalComparison) -> None:
    a, b, delta = cmp.a, cmp.b, cmp.delta()
    rows = [
        (_(CHECK_LABELS[c]), _pct(a.scores["guarded"][c]), _pct(b.scores["guarded"][c]), f"{delta[c] * 100:+.1f}")
        for c in CHECKS
    ]
    rows.append(
        (
            _("score"),
            _pct(a.scores["score"]["guarded"]),
            _pct(b.scores["score"]["guarded"]),
            f"{delta['score'] * 100:+.1f}",
        )
    )
    output.table(
        [_("Check"), ("A", {"justify": "right"}), ("B", {"justify": "right"}), ("Δ", {"justify": "right"})],
        rows,
        caption=f"A: {_title(a)}\nB: {_title(b)}",
    )


def result(value: EvalRun | EvalComparison) -> None:
    if isinstance(value, EvalComparison):
        comparison(value)
    else:
        single(value)


def runs(items: list[EvalRun]) -> None:
    if not items:
        output.info(_("No eval runs yet; start one with: reflee feedback eval"))
        return
    output.table(
        [_("Run"), _("When"), _("Template"), _("Model"), (_("Entries"), {"justify": "right"}),
         (_("Score"), {"justify": "right"})],
        (
            (r.short_id, output.local_time(r.created_at), output.escape(r.template), output.escape(r.model), r.cases,
             _pct(r.scores["score"]["guarded"]))
            for r in items
        ),
    )  # fmt: skip
