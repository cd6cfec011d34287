"""A stand-in for the two policy APIs on 127.0.0.1, serving the real records of ../shared/data/policies.

    with PolicyApiStandin.real() as api:          # the real 1,324 온통청년 + 1,097 공공서비스 records
        api.youth_url, api.gov24_url               # point policy.youth_url / policy.gov24_url here
        api.fail("getPlcy", "status", status=500)  # the next getPlcy request answers 500
        api.load(*second_snapshot(...).data)       # switch to a later snapshot

온통청년 ``GET /go/ythip/getPlcy?apiKeyNm&pageNum&pageSize`` answers in its live envelope
``{resultCode, resultMessage, result: {pagging: {totCount, pageNum, pageSize}, youthPolicyList}}`` and a bad key
as HTTP 200 with ``resultCode: 401``. 공공서비스 ``GET /api/gov24/v3/{serviceList,supportConditions}?page&perPage``
(key in ``Authorization: Infuser KEY`` or ``serviceKey``; ``cond[수정일시::GTE]``, ``cond[서비스ID::EQ]``)
answers ``{page, perPage, totalCount, currentCount, matchCount, data}`` and a bad key as HTTP 401
``{"code": -401, "msg": …}``. Faults: an HTTP status (429 with Retry-After, 500, 503), a timeout (no answer
for a while), a body cut off mid-way (Content-Length promises more than is sent). ``latency`` delays every page.
"""

from __future__ import annotations

import contextlib
import copy
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "policies"
YOUTH_KEY = "youth-test-key"
GOV24_KEY = "gov24+test/key=="
"""Has characters data.go.kr keys have (+ / =), which break when a key is URL-encoded twice."""
ENDPOINTS = ("getPlcy", "serviceList", "supportConditions")


@dataclass
class Fault:
    endpoint: str
    kind: str
    """status | timeout | cut"""
    times: int = 1
    page: int | None = None
    status: int = 500
    seconds: float = 5.0


@dataclass
class Seen:
    endpoint: str
    params: dict[str, str]
    headers: dict[str, str]
    answered: str = "ok"


@dataclass
class Snapshot:
    youth: list[dict[str, Any]]
    gov24_list: list[dict[str, Any]]
    gov24_conds: list[dict[str, Any]]
    expected: dict[str, Any] = field(default_factory=dict)
    """What changed from the snapshot it was made from: {"new": [(source, id)], "removed": […], "changed":
    {(source, id): {field, …}}}."""


def real_snapshot() -> Snapshot:
    youth = json.loads((DATA / "youthcenter_snapshot.json").read_text(encoding="utf-8"))["result"]["youthPolicyList"]
    lst = json.loads((DATA / "gov24_serviceList_snapshot.json").read_text(encoding="utf-8"))["data"]
    conds = json.loads((DATA / "gov24_supportConditions_snapshot.json").read_text(encoding="utf-8"))["data"]
    return Snapshot(youth, lst, conds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, standin: PolicyApiStandin) -> None:
        self.standin = standin
        super().__init__(("127.0.0.1", 0), _Handler)


class PolicyApiStandin:
    def __init__(self, snapshot: Snapshot | None = None) -> None:
        self.youth_key = YOUTH_KEY
        self.gov24_key = GOV24_KEY
        self.latency = 0.0
        self.requests: list[Seen] = []
        self.errors: list[str] = []
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.snapshot = snapshot or Snapshot([], [], [])

    @classmethod
    def real(cls) -> PolicyApiStandin:
        return cls(real_snapshot())

    # --- scripting ------------------------------------------------------------------------------------------
    def load(self, snapshot: Snapshot) -> None:
        with self._lock:
            self.snapshot = snapshot

    def fail(self, endpoint: str, kind: str, *, times: int = 1, page: int | None = None, **kw: Any) -> None:
        """The next ``times`` requests to ``endpoint`` (of ``page``, if given) answer with this fault."""
        assert endpoint in ENDPOINTS and kind in ("status", "timeout", "cut")
        with self._lock:
            self._faults.append(Fault(endpoint, kind, times, page, **kw))

    def served(self, endpoint: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.requests if endpoint is None or s.endpoint == endpoint]

    # --- lifecycle ------------------------------------------------------------------------------------------
    def start(self) -> PolicyApiStandin:
        self._stopping.clear()
        self._httpd = _Server(self)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> PolicyApiStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def youth_url(self) -> str:
        return f"{self.base}/go/ythip/getPlcy"

    @property
    def gov24_url(self) -> str:
        return f"{self.base}/api/gov24/v3"

    # --- answering ------------------------------------------------------------------------------------------
    def _fault_for(self, endpoint: str, page: int) -> Fault | None:
        with self._lock:
            for f in self._faults:
                if f.endpoint == endpoint and (f.page is None or f.page == page):
                    f.times -= 1
                    if f.times <= 0:
                        self._faults.remove(f)
                    return f
        return None

    def answer(self, endpoint: str, params: dict[str, str], headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        """(status, extra headers, JSON document) for a request that is not a fault."""
        snap = self.snapshot
        if endpoint == "getPlcy":
            if params.get("apiKeyNm") != self.youth_key:
                return 200, {}, {"resultCode": 401, "resultMessage": "인증키가 유효하지 않습니다.", "result": None}
            num, size = int(params.get("pageNum", "1")), int(params.get("pageSize", "10"))
            rows = snap.youth
            chunk = rows[(num - 1) * size : num * size]
            return (
                200,
                {},
                {
                    "resultCode": 200,
                    "resultMessage": "성공적으로 데이터를 가지고 왔습니다.",
                    "result": {
                        "pagging": {"totCount": len(rows), "pageNum": num, "pageSize": size},
                        "youthPolicyList": chunk,
                    },
                },
            )
        auth = headers.get("authorization", "")
        key = auth[len("Infuser ") :] if auth.startswith("Infuser ") else params.get("serviceKey", "")
        if key != self.gov24_key:
            return 401, {}, {"code": -401, "msg": "유효하지 않은 인증키 입니다."}
        rows = snap.gov24_list if endpoint == "serviceList" else snap.gov24_conds
        matched = rows
        if "cond[수정일시::GTE]" in params:
            since = params["cond[수정일시::GTE]"]
            if endpoint == "serviceList":
                matched = [r for r in matched if (r.get("수정일시") or "") >= since]
        if "cond[서비스ID::EQ]" in params:
            matched = [r for r in matched if r.get("서비스ID") == params["cond[서비스ID::EQ]"]]
        page, per = int(params.get("page", "1")), int(params.get("perPage", "10"))
        chunk = matched[(page - 1) * per : page * per]
        return (
            200,
            {},
            {
                "page": page,
                "perPage": per,
                "totalCount": len(rows),
                "currentCount": len(chunk),
                "matchCount": len(matched),
                "data": chunk,
            },
        )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        standin = self.server.standin
        parts = urlsplit(self.path)
        params = {unquote(k): v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        endpoint = parts.path.rstrip("/").rsplit("/", 1)[-1]
        headers = {k.lower(): v for k, v in self.headers.items()}
        if endpoint not in ENDPOINTS:
            self._send(404, {"error": "not found"})
            return
        seen = Seen(endpoint, params, headers)
        with standin._lock:
            standin.requests.append(seen)
        page = int(params.get("pageNum") or params.get("page") or "1")
        if standin.latency:
            standin._stopping.wait(standin.latency)
        fault = standin._fault_for(endpoint, page)
        try:
            if fault is None:
                status, extra, doc = standin.answer(endpoint, params, headers)
                self._send(status, doc, extra)
            elif fault.kind == "status":
                seen.answered = f"status {fault.status}"
                extra = {"Retry-After": "1"} if fault.status == 429 else {}
                self._send(fault.status, {"code": -fault.status, "msg": "stand-in fault"}, extra)
            elif fault.kind == "timeout":
                seen.answered = "timeout"
                standin._stopping.wait(fault.seconds)
                with contextlib.suppress(OSError):
                    self._send(503, {"msg": "too late"})
            else:  # cut: promise the whole body, send half of it, hang up
                seen.answered = "cut"
                _, _, doc = standin.answer(endpoint, params, headers)
                body = json.dumps(doc, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(2)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug in the stand-in: make the test see it
            standin.errors.append(repr(exc))
            raise

    def _send(self, status: int, doc: Any, extra: dict[str, str] | None = None) -> None:
        body = json.dumps(doc, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


# --- later snapshots ----------------------------------------------------------------------------------------
def second_snapshot(first: Snapshot) -> Snapshot:
    """A later snapshot of ``first``: some records changed in fields that matter (a deadline, an age band, an
    income cap, a region list, a 공공서비스 age range and application period), some removed, some new; and every
    온통청년 record's view count moved (which must not show in the change log)."""
    youth = copy.deepcopy(first.youth)
    lst = copy.deepcopy(first.gov24_list)
    conds = copy.deepcopy(first.gov24_conds)
    changed: dict[tuple[str, str], set[str]] = {}
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    """Changed and new 공공서비스 rows carry the time the snapshot was made, as the live API would."""
    for r in youth:
        r["inqCnt"] = str(int(r.get("inqCnt") or 0) + 7)

    def pick(pred: Any, skip: set[str]) -> dict[str, Any]:
        return next(r for r in youth if r["plcyNo"] not in skip and pred(r))

    used: set[str] = set()
    a = pick(
        lambda r: r.get("aplyPrdSeCd") == "0057001" and "~" in r.get("aplyYmd", "") and "\\N" not in r["aplyYmd"], used
    )
    start, _end = (x.strip() for x in a["aplyYmd"].split("~"))
    a["aplyYmd"] = f"{start} ~ 20261231"
    a["lastMdfcnDt"] = "2026-07-20 09:00:00"
    used.add(a["plcyNo"])
    changed[("youth", a["plcyNo"])] = {"deadline"}
    b = pick(lambda r: r.get("sprtTrgtMaxAge") == "34" and r.get("sprtTrgtMinAge") == "19", used)
    b["sprtTrgtMaxAge"] = "39"
    used.add(b["plcyNo"])
    changed[("youth", b["plcyNo"])] = {"age"}
    c = pick(
        lambda r: r.get("earnCndSeCd") == "0043002" and (r.get("earnMaxAmt") or "0").strip() not in ("", "0"), used
    )
    c["earnMaxAmt"] = str(int(c["earnMaxAmt"]) + 1000)
    used.add(c["plcyNo"])
    changed[("youth", c["plcyNo"])] = {"income"}
    d = pick(
        lambda r: r.get("zipCd", "").count(",") == 0 and r.get("zipCd", "").startswith("11") and len(r["zipCd"]) == 5,
        used,
    )
    d["zipCd"] = d["zipCd"] + ",11680"
    used.add(d["plcyNo"])
    changed[("youth", d["plcyNo"])] = {"region"}
    removed_youth = [r for r in youth if r["plcyNo"] not in used][10:12]
    youth = [r for r in youth if r not in removed_youth]
    # a new policy anyone may apply to at any time (no conditions, 상시): it fits every profile
    open_to_all = next(
        r for r in youth
        if r.get("aplyPrdSeCd") == "0057002" and r.get("zipCd", "").count(",") > 240
        and (r.get("sprtTrgtMinAge") or "0").strip() in ("0", "")
        and (r.get("sprtTrgtMaxAge") or "0").strip() in ("0", "")
        and r.get("earnCndSeCd") == "0043001" and r.get("jobCd") == "0013010" and r.get("schoolCd") == "0049010"
        and r.get("mrgSttsCd") == "0055003" and r.get("plcyMajorCd") == "0011009" and r.get("sbizCd") == "0014010"
    )  # fmt: skip
    fresh = copy.deepcopy(open_to_all)
    fresh["plcyNo"] = "20260720005400299999"
    fresh["plcyNm"] = "새로 올라온 청년정책 (stand-in)"
    fresh["frstRegDt"] = fresh["lastMdfcnDt"] = "2026-07-20 10:00:00"
    youth.insert(0, fresh)

    by_id = {r["서비스ID"]: r for r in conds}
    g = next(r for r in lst if r["신청기한"] == "상시신청" and by_id[r["서비스ID"]].get("JA0110") in (19, 18))
    g["신청기한"] = "2026.08.01~2026.08.31"
    g["수정일시"] = stamp
    changed[("gov24", g["서비스ID"])] = {"deadline"}
    h = next(r for r in lst if r is not g and by_id[r["서비스ID"]].get("JA0111") == 39)
    by_id[h["서비스ID"]]["JA0111"] = 34
    h["수정일시"] = stamp
    changed[("gov24", h["서비스ID"])] = {"age"}
    gone = [r["서비스ID"] for r in lst if r is not g and r is not h][30:33]
    lst = [r for r in lst if r["서비스ID"] not in gone]
    conds = [r for r in conds if r["서비스ID"] not in gone]
    new_row = copy.deepcopy(lst[5])
    new_cond = copy.deepcopy(by_id[new_row["서비스ID"]])
    new_row["서비스ID"] = new_cond["서비스ID"] = "SI0000999999"
    new_row["서비스명"] = new_cond["서비스명"] = "새 공공서비스 (stand-in)"
    new_row["등록일시"] = new_row["수정일시"] = stamp
    lst.append(new_row)
    conds.append(new_cond)
    expected = {
        "new": {("youth", fresh["plcyNo"]), ("gov24", "SI0000999999")},
        "removed": {("youth", r["plcyNo"]) for r in removed_youth} | {("gov24", sid) for sid in gone},
        "changed": changed,
    }
    return Snapshot(youth, lst, conds, expected)


def scaled(first: Snapshot, youth_total: int, gov24_total: int) -> Snapshot:
    """The sample repeated with perturbed IDs up to the real population sizes (for the benchmark)."""

    def grow(rows: list[dict[str, Any]], total: int, key: str, mark: str) -> list[dict[str, Any]]:
        out = []
        for i in range(total):
            r = copy.copy(rows[i % len(rows)])
            rep = i // len(rows)
            if rep:  # a mark no real ID starts with: 온통청년 plcyNo begin 20…, 공공서비스 IDs a digit or a capital
                r[key] = f"{mark}{rep}{r[key][2:]}" if key == "plcyNo" else f"{mark}{rep}-{r[key]}"
            out.append(r)
        return out

    youth = grow(first.youth, youth_total, "plcyNo", "9")
    lst = grow(first.gov24_list, gov24_total, "서비스ID", "x")
    conds = grow(first.gov24_conds, gov24_total, "서비스ID", "x")
    return Snapshot(youth, lst, conds)
