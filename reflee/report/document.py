"""A report as a document: headings, paragraphs, lists, tables and charts, in the interface language.

Both renderings (Markdown and HTML) are made from this one document, so they say the same things in the
same words. Every piece of text is plain text: each renderer escapes all of it, so what the user wrote
(a memo of ``<script>`` or ``[bold]``) shows as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reflee.i18n import _, ngettext
from reflee.ledger.models import format_money
from reflee.report.models import Report


@dataclass
class Code:
    """An ID, shown in a fixed-width font."""

    text: str


@dataclass
class Strong:
    text: str


Inline = str | Code | Strong
Line = list[Inline]


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    line: Line
    muted: bool = False


@dataclass
class Bullets:
    items: list[Line]
    checks: list[bool] | None = None
    """A checklist: whether each item is done."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    """Which columns are figures (right-aligned)."""


@dataclass
class Chart:
    name: str
    """spending | budget | per_day | trend"""
    title: str
    data: list[Any]
    unit: str = ""


Block = Heading | Para | Bullets | Table | Chart


def _ids(ids: list[str]) -> Line:
    out: Line = []
    for i, rid in enumerate(ids[:8]):
        out += [", " if i else "", Code(rid)]
    if len(ids) > 8:
        out.append(" …")
    return [i for i in out if i != ""]


def title(report: Report) -> str:
    p = report.period
    if report.kind == "weekly":
        head = _("Weekly report {key} ({start} – {end})")
    else:
        head = _("Monthly report {key} ({start} – {end})")
    return head.format(key=p.key, start=p.start.isoformat(), end=p.end.isoformat())


def build(report: Report) -> list[Block]:
    money = report.money
    cur = money.currency

    def fm(minor: int, signed: bool = False) -> str:
        return format_money(minor, cur, signed=signed)

    doc: list[Block] = [Heading(1, title(report))]
    if not report.complete:
        doc.append(
            Para(
                [_("So far: this period is not over; figures run through {today}.").format(today=report.today)],
                muted=True,
            )
        )
    doc.append(Para([_("Made {when}.").format(when=report.generated_at[:16].replace("T", " ") + " UTC")], muted=True))
    if report.empty:
        doc.append(Para([_("Nothing was written or spent in this period: no retrospects and no transactions.")]))
    doc += _narrative(report)
    doc += _writing(report)
    doc += _money(report, fm)
    doc += _policies(report)
    doc.append(Heading(2, _("12-week trend")))
    doc.append(Chart("trend", _("Entries and spending per week, last 12 weeks"), report.trend, cur))
    doc.append(
        Table(
            [_("Week of"), _("Entries"), _("Spent"), _("Income")],
            [[t.start, str(t.entries), fm(t.expense), fm(t.income)] for t in report.trend],
            [False, True, True, True],
        )
    )
    return doc


def _narrative(report: Report) -> list[Block]:
    n = report.narrative
    out: list[Block] = [Heading(2, _("Growth narrative"))]
    if n.status == "written":
        out.append(Bullets([[c.text, " (", *_ids(c.ids), ")"] for c in n.claims]))
        note = _("Written by the local model {model} from the facts below; each claim cites its sources.")
        out.append(Para([note.format(model=n.model or "")], muted=True))
        return out
    reasons = {
        "off": _("the narrative was not asked for (--no-llm)"),
        "unavailable": _("the local model was not available"),
        "timeout": _("the local model did not answer in time"),
        "failed": _("the local model's answer could not be used"),
    }
    reason = reasons.get(n.status, n.status)
    out.append(
        Para([_("No narrative: {reason}. The rest of the report is complete.").format(reason=reason)], muted=True)
    )
    return out


def _writing(report: Report) -> list[Block]:
    r = report.retro
    out: list[Block] = [Heading(2, _("Retrospects"))]
    items: list[Line] = [
        [
            Strong(_("Entries")),
            ": ",
            _("{count} (previous period: {previous})").format(count=r.entries, previous=r.previous_entries),
        ],
        [Strong(_("Days written")), ": ", _("{days} of {total}").format(days=r.days_written, total=r.days_in_period)],
        [
            Strong(_("Streak")),
            ": ",
            ngettext("{count} day", "{count} days", r.current_streak).format(count=r.current_streak),
            " · ",
            _("longest in the period: {count}").format(count=r.longest_streak),
        ],
        [Strong(_("Words")), ": ", f"{r.words:,}"],
    ]
    if r.tags:
        items.append([Strong(_("Tags")), ": ", ", ".join(f"#{t} ({n})" for t, n in r.tags)])
    if r.top_words:
        items.append([Strong(_("Frequent words")), ": ", ", ".join(f"{w} ({n})" for w, n in r.top_words)])
    out.append(Bullets(items))
    if r.entries:
        out.append(Chart("per_day", _("Entries per day"), r.per_day))
    out.append(Heading(3, _("Themes from feedback")))
    if not r.themes:
        out.append(Para([_("No feedback on this period's retrospects yet.")], muted=True))
    labels = {"strength": _("Strengths"), "weakness": _("Weaknesses"), "recommendation": _("Recommendations")}
    for kind, label in labels.items():
        chosen = [t for t in r.themes if t.kind == kind]
        if chosen:
            out.append(Para([Strong(label)]))
            out.append(Bullets([[t.text, " ×", str(t.count), " (", *_ids(t.retro_ids), ")"] for t in chosen]))
    if r.follow_ups:
        out.append(Heading(3, _("Last period's recommendations")))
        lines: list[Line] = []
        for f in r.follow_ups:
            if f.done:
                lines.append([f.text, " — ", _("shows up in"), " ", *_ids(f.evidence_ids)])
            else:
                lines.append([f.text, " — ", _("not seen in this period's entries")])
        out.append(Bullets(lines, [f.done for f in r.follow_ups]))
    return out


def _money(report: Report, fm: Any) -> list[Block]:
    m = report.money
    out: list[Block] = [Heading(2, _("Money"))]
    rate = f"{m.savings_rate:g}%" if m.savings_rate is not None else "–"
    prev_net = m.previous_income - m.previous_expense
    out.append(
        Table(
            ["", _("This period"), _("Previous period")],
            [
                [_("Income"), fm(m.income), fm(m.previous_income)],
                [_("Expense"), fm(m.expense), fm(m.previous_expense)],
                [_("Net"), fm(m.net, True), fm(prev_net, True)],
                [_("Savings rate"), rate, ""],
                [_("Transactions"), str(m.transactions), ""],
            ],
            [False, True, True],
        )
    )
    if m.other_currencies:
        others = ", ".join(f"{c} ({n})" for c, n in sorted(m.other_currencies.items()))
        out.append(Para([_("Not in these totals (other currencies): {list}").format(list=others)], muted=True))
    spent = [c for c in m.expenses if c.amount]
    if spent:
        out.append(Heading(3, _("Spending by category")))
        out.append(
            Chart("spending", _("Spending by category"), [(c.category, c.amount) for c in spent[:10]], m.currency)
        )
        out.append(
            Table(
                [_("Category"), _("This period"), _("Previous period"), _("Change")],
                [[c.category, fm(c.amount), fm(c.previous), fm(c.change, True)] for c in m.expenses],
                [False, True, True, True],
            )
        )
    if m.changes:
        out.append(Heading(3, _("Biggest changes")))
        out.append(
            Bullets(
                [
                    [Strong(c.category), ": ", fm(c.previous), " → ", fm(c.amount), " (", fm(c.change, True), ")"]
                    for c in m.changes
                ]
            )
        )
    if m.budgets or m.budget_total:
        out.append(Heading(3, _("Budget vs actual ({month})").format(month=m.budget_month)))
        lines = m.budgets + ([m.budget_total] if m.budget_total else [])
        out.append(Chart("budget", _("Budget used"), [(b.category, b.used_pct or 0.0) for b in lines], "%"))
        out.append(
            Table(
                [_("Category"), _("Budget"), _("Spent"), _("Left"), _("Used")],
                [
                    [
                        b.category,
                        fm(b.budget),
                        fm(b.spent),
                        fm(b.remaining, True),
                        f"{b.used_pct:g}%" if b.used_pct is not None else "–",
                    ]
                    for b in lines
                ],
                [False, True, True, True, True],
            )
        )
    if m.recurring_started or m.recurring_stopped:
        out.append(Heading(3, _("Recurring charges")))
        lines2: list[Line] = [
            [Strong(_("Started")), ": ", r.name, " (", r.category, ", ", fm(r.amount), ")"] for r in m.recurring_started
        ]
        lines2 += [
            [
                Strong(_("Stopped")),
                ": ",
                r.name,
                " (",
                r.category,
                ", ",
                _("last on {date}").format(date=r.last_date),
                ")",
            ]
            for r in m.recurring_stopped
        ]
        out.append(Bullets(lines2))
    return out


def _change_words(c: Any) -> str:
    if c.kind == "new":
        return _("new")
    if c.kind == "removed":
        return _("withdrawn by its source")
    if c.kind == "restored":
        return _("back again")
    return _("{field}: {old} → {new}").format(field=c.field or "", old=c.old or "—", new=c.new or "—")


def _policies(report: Report) -> list[Block]:
    p = report.policy
    out: list[Block] = [Heading(2, _("Policies"))]
    fit = ngettext("{count} policy fits your profile now.", "{count} policies fit your profile now.", p.matching)
    out.append(Para([fit.format(count=p.matching)]))
    if p.new_matches:
        out.append(Para([Strong(_("New since the last report"))]))
        out.append(
            Bullets(
                [
                    [
                        Code(x.short_id),
                        " ",
                        x.title,
                        *([" — ", _("until {date}").format(date=x.deadline)] if x.deadline else []),
                    ]
                    for x in p.new_matches
                ]
            )
        )
    if p.closing_soon:
        out.append(Para([Strong(_("Favourites closing soon"))]))
        out.append(
            Bullets(
                [
                    [
                        Code(x.short_id),
                        " ",
                        x.title,
                        " — ",
                        _("until {date} (D-{days})").format(date=x.deadline, days=x.days_left),
                    ]
                    for x in p.closing_soon
                ]
            )
        )
    if p.changes:
        out.append(Para([Strong(_("Changed in your policies"))]))
        out.append(Bullets([[Code(c.short_id), " ", c.title, " — ", _change_words(c)] for c in p.changes]))
    if p.new_policies or p.removed_policies:
        out.append(
            Para(
                [
                    _("The sources added {new} and withdrew {removed} policies in this period.").format(
                        new=p.new_policies, removed=p.removed_policies
                    )
                ],
                muted=True,
            )
        )
    if not p.new_matches and not p.closing_soon and not p.changes:
        out.append(Para([_("Nothing new, and no favourite closes soon.")], muted=True))
    return out
