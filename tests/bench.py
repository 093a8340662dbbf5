"""`make bench`: how long a user waits for each output, against LibreOffice exporting our own DOCX (not a test).

Every measurement runs in its own child process (``disclose render`` through the real CLI, one input, one format),
timed from process start to exit: what a user waits for, comparable with a cold ``soffice --convert-to pdf``. Peak
RSS is the child's ``ru_maxrss`` (``os.wait4``, which includes the processes the child waited for). Inside the child,
timers around the pipeline's functions give the stage breakdown; "other" is the rest of the wall time (interpreter
start, imports, staging the outputs). Figures are the fastest of ``--runs`` runs; RSS the largest.

    python tests/bench.py                 # the two largest inputs, every format, LibreOffice, the batch, audit
    python tests/bench.py --all --runs 1  # every input once
    python tests/bench.py --json          # the figures as JSON (stdout)
    python tests/bench.py --scale         # also the largest input with its 绩效目标表 2×, 4×, 8× (Typst; pages, RSS)
    python tests/bench.py --scale-only --runs 1
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGEST = ["inputs/xinjiang-2024-budget", "inputs/jincheng-2024-final"]
OTHERS = ["inputs/changji-2025-budget", "inputs/changji-2024-final", "examples/final-tables/input"]
SHANGHAI = Path("/work/shared/published/shanghai-putuo-shehuigongzuobu-2024-final.pdf")  # a real report (WPS)
BATCH_SOURCES = ["inputs/changji-2025-budget", "inputs/changji-2024-final"]  # copied 4× each under new names
STAGES = ["load+model", "compute+checks", "Jinja", "glyph guard", "layout", "writing"]
TYPST_STAGES = ["load+model", "compute+checks", "Jinja", "glyph guard", "Typst markup", "layout"]  # layout: + PDF
SCALE_SOURCE = "inputs/xinjiang-2024-budget"  # its 47 项目支出绩效目标表 repeated for the scale run
SCALE_FACTORS = (2, 4, 8)


# ---------------------------------------------------------------- child: one timed `disclose render`


def _child(argv: list[str]) -> None:
    """Run ``disclose render ARGV`` in this process with stage timers; print {"stages": …, "error": …} as JSON."""
    sys.path.insert(0, str(ROOT))
    stages: dict[str, float] = {}
    stages_cpu: dict[str, float] = {}

    def timed(stage, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - t
                stages_cpu[stage] = stages_cpu.get(stage, 0.0) + time.process_time() - c

        return wrapper

    def patch(obj, name, stage):
        if hasattr(obj, name):  # another version of the pipeline may not have it: the time goes to "other"
            setattr(obj, name, timed(stage, getattr(obj, name)))

    from generator import fonts  # patched before any writer imports check_glyphs

    patch(fonts, "check_glyphs", "glyph guard")
    from generator import cli, pipeline

    for name in ("load_input", "build_report", "load_region"):
        patch(pipeline, name, "load+model")
    for name in ("compute_budget", "compute_final", "run_checks"):
        patch(pipeline, name, "compute+checks")
    patch(pipeline, "render_document", "Jinja")  # the templates and the passes over their tree
    if "typst" in argv:  # the Typst writer: its markup, then Typst's layout and PDF in one call
        import typst

        from generator.writers.typst import writer as typst_writer

        patch(typst_writer, "typst_source", "Typst markup")
        patch(typst, "compile_with_warnings", "layout")
    if "--format" in argv and argv[argv.index("--format") + 1] == "pdf" and "typst" not in argv:
        import weasyprint
        from weasyprint.document import Document

        patch(weasyprint.HTML, "render", "layout")
        patch(Document, "write_pdf", "writing")
    error = None
    try:
        cli.main(["render", *argv], standalone_mode=False)
    except Exception as exc:  # noqa: BLE001 - reported, not raised: the parent prints "failed"
        error = f"{type(exc).__name__}: {exc}"
    print(json.dumps({"stages": stages, "stages_cpu": stages_cpu, "error": error}, ensure_ascii=False))


# ---------------------------------------------------------------- parent: measurements

TIME = shutil.which("time", path="/usr/bin:/bin")


def run_child(cmd: list[str], timeout: float = 900) -> dict:
    """Run *cmd*; wall seconds, peak RSS (MB) of it and the processes it waited for, its stdout.

    Through GNU time when present: a child forked from this (large) Python process starts with this process's
    peak RSS as its own, so ``os.wait4`` alone would report at least that."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss_file:
        t0 = time.perf_counter()
        wrapped = [TIME, "-f", "%M %U %S", "-o", rss_file.name, *cmd] if TIME else cmd
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, cwd=ROOT)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        rss_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        if TIME:  # "%M %U %S" on the last line (after "Command exited with non-zero status N")
            last = (rss_file.read().strip().splitlines() or ["0 0 0"])[-1].split()
            rss_kb, cpu = int(last[0]), float(last[1]) + float(last[2])
        return {
            "seconds": wall,
            "cpu": cpu,
            "rss_mb": rss_kb / 1024,
            "rc": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def measure_render(inp: str, fmt: str, extra: list[str], runs: int, outdir: Path) -> dict:
    """Fastest of *runs* child renders of *inp* to *fmt*; its stage breakdown; the largest peak RSS."""
    best, rss = None, 0.0
    for _ in range(runs):
        shutil.rmtree(outdir, ignore_errors=True)
        res = run_child([sys.executable, __file__, "--child", inp, "-o", str(outdir), "--format", fmt, *extra])
        try:
            info = json.loads(res["stdout"].strip().splitlines()[-1])
        except (IndexError, ValueError):
            info = {"stages": {}, "error": (res["stderr"].strip().splitlines() or ["no output"])[-1]}
        if info["error"] or res["rc"]:
            return {"seconds": None, "error": info["error"] or f"exit {res['rc']}"}
        rss = max(rss, res["rss_mb"])
        if best is None or res["seconds"] < best["seconds"]:
            best = {
                "seconds": res["seconds"],
                "cpu": res["cpu"],
                "stages": info["stages"],
                "stages_cpu": info.get("stages_cpu", {}),
            }
    best["rss_mb"] = rss
    best["stages"]["other"] = best["seconds"] - sum(best["stages"].values())
    best["stages_cpu"]["other"] = best["cpu"] - sum(best["stages_cpu"].values())
    files = list(outdir.glob(f"*.{fmt}"))
    best["file"] = files[0] if files else None
    return best


def measure_libreoffice(docx: Path, runs: int, work: Path) -> dict:
    """Fastest of *runs* cold `soffice --convert-to pdf` of our DOCX, with its own profile, warmed once."""
    soffice = shutil.which("soffice")
    if not soffice:
        return {"seconds": None, "error": "soffice not found"}
    profile = work / "lo-profile"
    cmd = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work / "lo"),
        str(docx),
    ]
    run_child(cmd)  # warm-up: creates the profile, fills the page cache
    best, rss = None, 0.0
    for _ in range(runs):
        shutil.rmtree(work / "lo", ignore_errors=True)
        res = run_child(cmd)
        pdf = work / "lo" / (docx.stem + ".pdf")
        if res["rc"] or not pdf.exists():
            return {"seconds": None, "error": (res["stderr"].strip().splitlines() or [f"exit {res['rc']}"])[-1]}
        rss = max(rss, res["rss_mb"])
        if best is None or res["seconds"] < best["seconds"]:
            best = res
    return {
        "seconds": best["seconds"],
        "cpu": best["cpu"],
        "rss_mb": rss,
        "pages": pages(work / "lo" / (docx.stem + ".pdf")),
    }


def pages(pdf: Path | None) -> int | None:
    if not pdf or not pdf.exists():
        return None
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else None


def engines() -> list[str]:
    """PDF engines `disclose render` offers: weasyprint always, typst when the CLI has --pdf-engine typst."""
    sys.path.insert(0, str(ROOT))
    from generator.cli import render

    for param in render.params:
        if "--pdf-engine" in getattr(param, "opts", []):
            choices = getattr(param.type, "choices", None)
            if choices is None or "typst" in choices:
                return ["weasyprint", "typst"]
    return ["weasyprint"]


def batch_supported() -> bool:
    from generator.cli import render

    return any("--jobs" in getattr(p, "opts", []) for p in render.params)


def measure_input(inp: str, runs: int, engine_list: list[str], lo: bool, work: Path, log) -> dict:
    row: dict = {"input": inp, "formats": {}}
    for engine in engine_list:
        extra = [] if engine_list == ["weasyprint"] else ["--pdf-engine", engine]
        log(f"  {inp}: pdf ({engine}) × {runs}")
        res = measure_render(inp, "pdf", extra, runs, work / f"pdf-{engine}")
        if engine == "weasyprint":
            row["pages"] = pages(res.get("file"))
        else:
            res["pages"] = pages(res.get("file"))
        row["formats"][f"pdf {engine}"] = res
    for fmt in ("docx", "html"):
        log(f"  {inp}: {fmt} × {runs}")
        row["formats"][fmt] = measure_render(inp, fmt, [], runs, work / fmt)
    if lo:
        docx = row["formats"]["docx"].get("file")
        log(f"  {inp}: LibreOffice DOCX → PDF × {runs} (+1 warm-up)")
        row["libreoffice"] = (
            measure_libreoffice(docx, runs, work) if docx else {"seconds": None, "error": "no DOCX to convert"}
        )
        lo_s, lo_cpu = row["libreoffice"].get("seconds"), row["libreoffice"].get("cpu")
        for res in row["formats"].values():
            res["lo_ratio"] = lo_s / res["seconds"] if lo_s and res.get("seconds") else None
            res["lo_ratio_cpu"] = lo_cpu / res["cpu"] if lo_cpu and res.get("cpu") else None
    for res in row["formats"].values():
        res.pop("file", None)
    return row


def copy_batch_inputs(dest: Path) -> list[str]:
    """8 inputs that render to 8 different names: the two small inputs 4× each, 单位名称 suffixed."""
    paths = []
    for src in BATCH_SOURCES:
        for i in range(1, 5):
            d = dest / f"{Path(src).name}-{i}"
            shutil.copytree(ROOT / src, d)
            meta = d / "报告.yaml"
            text = meta.read_text(encoding="utf-8")
            meta.write_text(re.sub(r"(单位名称: .+)", rf"\g<1>第{i}分局", text, count=1), encoding="utf-8")
            paths.append(str(d))
    return paths


def measure_batch(fmt: str, jobs_list: list[int], work: Path, log) -> dict:
    inputs = copy_batch_inputs(work / "batch-in")
    result = {"reports": len(inputs), "format": fmt, "runs": {}}
    for jobs in jobs_list:
        log(f"  batch: {len(inputs)} reports, -j {jobs}")
        out = work / f"batch-out-{jobs}"
        res = run_child(
            [
                str(ROOT / ".venv" / "bin" / "disclose"),
                "render",
                *inputs,
                "-o",
                str(out),
                "--format",
                fmt,
                "-j",
                str(jobs),
            ],
            timeout=3600,
        )
        written = len(list(out.glob("*"))) if out.exists() else 0
        result["runs"][jobs] = {
            "seconds": res["seconds"],
            "cpu": res["cpu"],
            "rss_mb": res["rss_mb"],
            "rc": res["rc"],
            "files": written,
        }
    base, base_cpu = result["runs"].get(1, {}).get("seconds"), result["runs"].get(1, {}).get("cpu")
    for jobs, r in result["runs"].items():
        r["speedup"] = base / r["seconds"] if base else None
        # what the speed-up would be on idle cores: the CPU work spread over min(jobs, cores) cores
        r["ceiling"] = min(jobs, os.cpu_count() or 1) * base_cpu / r["cpu"] if base_cpu and r["cpu"] else None
    return result


def scale_input(dest: Path, times: int) -> Path:
    """The largest input with its 项目支出绩效目标表 repeated *times* × (one more pair of files per repetition), and
    the 绩效-表7 finding this makes (more 绩效 tables than 表7 projects) acknowledged in 已知问题."""
    shutil.copytree(ROOT / SCALE_SOURCE, dest)
    first = (dest / "绩效-1.yaml").read_text(encoding="utf-8")
    projects = first[first.index("项目支出绩效目标表:") :]  # without the 部门整体绩效目标表 (one per report)
    second = (dest / "绩效-2.yaml").read_text(encoding="utf-8")
    for i in range(2, times + 1):
        (dest / f"绩效-{i}a.yaml").write_text(projects, encoding="utf-8")
        (dest / f"绩效-{i}b.yaml").write_text(second, encoding="utf-8")
    notes = dest / "情况说明.yaml"
    text = notes.read_text(encoding="utf-8")
    assert re.search(r"^已知问题:", text, re.M) and not re.search(r"^\S", text[text.index("已知问题:") + 5 :], re.M)
    notes.write_text(
        text.rstrip("\n")
        + f"\n  - 规则: 绩效-表7\n    位置: 预算绩效\n    原因: 基准测试：绩效目标表重复 {times} 遍\n",
        encoding="utf-8",
    )
    return dest


def measure_scale(work: Path, runs: int, log, weasyprint: bool = True) -> list[dict]:
    """Pages, wall time and peak RSS of the Typst PDF of the largest input with its 绩效目标表 2×, 4×, 8× (and of
    WeasyPrint at 2×): how a 500–1,000 page report behaves."""
    rows = []
    for times in SCALE_FACTORS:
        inp = scale_input(work / f"scale-{times}", times)
        engine_list = ["typst"] + (["weasyprint"] if weasyprint and times == SCALE_FACTORS[0] else [])
        for engine in engine_list:
            log(f"  scale: 绩效目标表 {times}×, pdf ({engine}) × {runs}")
            res = measure_render(str(inp), "pdf", ["--pdf-engine", engine], runs, work / f"scale-out-{times}-{engine}")
            rows.append(
                {
                    "times": times,
                    "engine": engine,
                    "pages": pages(res.get("file")),
                    "seconds": res.get("seconds"),
                    "cpu": res.get("cpu"),
                    "rss_mb": res.get("rss_mb"),
                    "error": res.get("error"),
                    "stages": res.get("stages"),
                }
            )
    return rows


def measure_audit(work: Path, log) -> list[dict]:
    """``disclose audit`` of one published report (the Shanghai 决算, when the shared material is there) and of our
    Typst renders of the two largest inputs (read back with their own input as --like): seconds, RSS, findings."""
    disclose = str(ROOT / ".venv" / "bin" / "disclose")
    jobs: list[tuple[Path, list[str]]] = []
    if SHANGHAI.exists():
        jobs.append((SHANGHAI, []))
    for inp in LARGEST:
        out = work / "audit" / Path(inp).name
        log(f"  audit: rendering {inp} (typst)")
        run_child([disclose, "render", inp, "-o", str(out), "--format", "pdf", "--pdf-engine", "typst"])
        jobs += [(pdf, ["--like", inp]) for pdf in out.glob("*.pdf")]
    rows = []
    for pdf, extra in jobs:
        log(f"  audit: {pdf.name}")
        res = run_child([disclose, "audit", "--format", "json", *extra, str(pdf)])
        try:
            found = json.loads(res["stdout"])["files"][0]
        except (ValueError, KeyError, IndexError):
            found = {}
        rows.append(
            {
                "file": pdf.name,
                "pages": found.get("pages"),
                "seconds": res["seconds"],
                "rss_mb": res["rss_mb"],
                "rc": res["rc"],
                "errors": found.get("errors"),
                "amounts": found.get("amounts_read"),
            }
        )
    return rows


# ---------------------------------------------------------------- printing


def _s(x, fmt="{:.2f}") -> str:
    return "n/a" if x is None else fmt.format(x)


def print_table(results: dict) -> None:
    m = results["machine"]
    print(
        f"\n{m['date']} · {m['cpu']} · {m['cores']} cores · load average {m['load']} (start), "
        f"{m.get('load_end', '?')} (end) · Python {m['python']} · WeasyPrint {m['weasyprint']}\n"
        f"fastest of {results['runs']} runs (wall seconds; CPU s = user+system of that run), peak RSS the largest"
    )
    head = (
        f"{'input':28} {'pages':>5}  {'output':27} {'seconds':>8} {'LO/ours':>8} {'CPU s':>7} {'LO/ours':>8} "
        f"{'peak RSS':>9}"
    )
    print(head)
    print("-" * len(head))
    for row in results["inputs"]:
        first = True
        lines = list(row["formats"].items())
        if "libreoffice" in row:
            lines.append(("LibreOffice docx→pdf", row["libreoffice"]))
        for name, res in lines:
            label = (
                (Path(row["input"]).name if Path(row["input"]).parent.name == "inputs" else row["input"])
                if first
                else ""
            )
            pg = _s(row.get("pages"), "{}") if first else ""
            if res.get("pages") and not name.startswith("pdf weasyprint"):
                name = f"{name} ({res['pages']} p)"
            if res.get("seconds") is None:
                print(f"{label:28} {pg:>5}  {name:27} {'n/a':>8}   {res.get('error', '')}"[:160])
            else:
                ratio = _s(res.get("lo_ratio"), "{:.2f}×") if "lo_ratio" in res else ""
                ratio_cpu = _s(res.get("lo_ratio_cpu"), "{:.2f}×") if "lo_ratio_cpu" in res else ""
                print(
                    f"{label:28} {pg:>5}  {name:27} {res['seconds']:8.2f} {ratio:>8} {res['cpu']:7.2f} "
                    f"{ratio_cpu:>8} {res['rss_mb']:6.0f} MB"
                )
            first = False
        for engine, stages in (("weasyprint", STAGES), ("typst", TYPST_STAGES)):
            for key, what in (("stages", "wall"), ("stages_cpu", "CPU")):
                st = row["formats"].get(f"pdf {engine}", {}).get(key)
                if st:
                    parts = " · ".join(f"{k} {st.get(k, 0):.2f}" for k in stages + ["other"])
                    print(f"{'':28}        {engine} PDF stages, {what} s: {parts}")
        typst_pdf = row["formats"].get("pdf typst", {})
        if typst_pdf.get("lo_ratio"):
            print(
                f"{'':28}        Typst PDF vs LibreOffice: {typst_pdf['lo_ratio']:.1f}× "
                f"(CPU {_s(typst_pdf.get('lo_ratio_cpu'), '{:.1f}×')})"
            )
    b = results.get("batch")
    if b:
        print(f"\nbatch: {b['reports']} reports (--format {b['format']})")
        for jobs, r in b["runs"].items():
            ok = "" if r["rc"] == 0 else f"  exit {r['rc']}"
            print(
                f"  -j {jobs}: {r['seconds']:7.2f} s (CPU {r['cpu']:.1f} s)  speed-up {_s(r['speedup'], '{:.2f}×')} "
                f"(on idle cores at most {_s(r.get('ceiling'), '{:.2f}×')})  "
                f"peak RSS of one process {r['rss_mb']:.0f} MB  {r['files']} files{ok}"
            )
    elif results.get("batch_note"):
        print(f"\nbatch: {results['batch_note']}")
    if results.get("scale"):
        print(f"\nscale: {SCALE_SOURCE} with its 项目支出绩效目标表 repeated, one PDF per process:")
        for r in results["scale"]:
            if r["seconds"] is None:
                print(f"  {r['times']}× {r['engine']:10} n/a  {r['error']}")
                continue
            per_page = r["rss_mb"] / r["pages"] if r["pages"] else None
            print(
                f"  {r['times']}× {r['engine']:10} {r['pages'] or '?':>4} p {r['seconds']:7.2f} s "
                f"(CPU {r['cpu']:.2f} s)  peak RSS {r['rss_mb']:6.0f} MB ({_s(per_page)} MB a page)"
            )
    if results.get("audit"):
        print("\naudit (read back + every rule), one process per report:")
        for r in results["audit"]:
            print(
                f"  {r['file'][:40]:40} {r['pages'] or '':>4} p {r['seconds']:7.2f} s {r['rss_mb']:6.0f} MB  "
                f"exit {r['rc']}, {r['errors']} errors, {r['amounts']} table amounts"
            )


def machine() -> dict:
    import weasyprint

    cpu = platform.processor()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help=f"inputs to measure (default: {' '.join(LARGEST)})")
    ap.add_argument("--all", action="store_true", help="also the smaller inputs")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement, the fastest counts (default 3)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    ap.add_argument("--save", metavar="FILE", help="also write the figures as JSON to FILE")
    ap.add_argument("--no-libreoffice", action="store_true", help="skip LibreOffice")
    ap.add_argument("--no-batch", action="store_true", help="skip the batch measurement")
    ap.add_argument("--batch-only", action="store_true", help="only the batch measurement")
    ap.add_argument("--batch-format", default="pdf,docx", help="formats of the batch (default pdf,docx)")
    ap.add_argument("--batch-jobs", default="1,2", help="-j values of the batch (default 1,2)")
    ap.add_argument("--no-audit", action="store_true", help="skip the disclose audit measurement")
    ap.add_argument("--scale", action="store_true", help="also the scale run: 绩效目标表 2×, 4×, 8× (Typst)")
    ap.add_argument("--scale-only", action="store_true", help="only the scale run")
    ap.add_argument("--no-scale-weasyprint", action="store_true", help="the scale run without WeasyPrint at 2×")
    args = ap.parse_args()
    only = args.batch_only or args.scale_only
    inputs = [] if only else args.inputs or LARGEST + (OTHERS if args.all else [])
    args.no_batch = args.no_batch or args.scale_only
    args.no_audit = args.no_audit or args.scale_only

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    results = {"machine": machine(), "runs": args.runs, "inputs": []}
    engine_list = engines()
    log(f"PDF engines: {', '.join(engine_list)}")
    with tempfile.TemporaryDirectory(prefix="disclose-bench-") as tmp:
        work = Path(tmp)
        for inp in inputs:
            results["inputs"].append(measure_input(inp, args.runs, engine_list, not args.no_libreoffice, work, log))
        if not args.no_batch:
            if batch_supported():
                jobs = [int(j) for j in args.batch_jobs.split(",")]
                results["batch"] = measure_batch(args.batch_format, jobs, work, log)
            else:
                results["batch_note"] = "n/a (disclose render has no -j)"
        if not args.no_audit and not args.batch_only:
            results["audit"] = measure_audit(work, log)
        if args.scale or args.scale_only:
            results["scale"] = measure_scale(work, args.runs, log, not args.no_scale_weasyprint)
    results["machine"]["load_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    if args.save:
        Path(args.save).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        print_table(results)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
    else:
        main()
