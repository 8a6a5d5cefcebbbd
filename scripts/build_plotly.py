"""Rebuild dashboard/assets/vendor/plotly-dashboard.min.js: plotly.js with only the trace types
the app draws (dashboard.bundles.PLOTLY_TRACES), at the version the installed plotly package
ships (plotly.offline.get_plotlyjs_version), so figures built in Python meet the plotly.js
they were written for.

    python scripts/build_plotly.py

Needs node and npm (CI has neither: the built file is committed, and
tests/test_plotly_bundle.py fails when plotly is upgraded without running this). npm installs
plotly.js and esbuild into a temporary directory; esbuild bundles plotly.js's core with the
trace modules and minifies, keeping the licence comments at the end.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.bundles import ASSETS_DIR, PLOTLY_BUNDLE, PLOTLY_TRACES

ESBUILD = "0.28.1"  # the version plotly.js builds its own bundles with


def entry(traces: tuple[str, ...]) -> str:
    # scatter is part of plotly.js's core; the others register like plotly.js's lib/index-*.js.
    modules = ",\n".join(f"    require('plotly.js/lib/{t}')" for t in traces if t != "scatter")
    return (f"var Plotly = require('plotly.js/lib/core');\nPlotly.register([\n{modules}\n]);\n"
            "module.exports = Plotly;\n")


def build(version: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "package.json").write_text('{"private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                        f"plotly.js@{version}", f"esbuild@{ESBUILD}"], cwd=work, check=True)
        (work / "entry.js").write_text(entry(PLOTLY_TRACES))
        built = work / "plotly.min.js"
        subprocess.run([str(work / "node_modules/.bin/esbuild"), "entry.js", "--bundle",
                        "--minify", "--format=iife", "--global-name=Plotly", "--target=es2016",
                        "--define:global=window", "--define:define.amd=false",
                        # maplibre's CSS, imported for map traces only (none here)
                        "--loader:.css=empty", "--legal-comments=eof", f"--outfile={built}"],
                       cwd=work, check=True)
        header = (f"/* plotly.js v{version} with the traces {', '.join(PLOTLY_TRACES)}: "
                  "built by scripts/build_plotly.py. plotly.js: Copyright Plotly, Inc., "
                  "MIT licence; its dependencies' licences at the end */\n")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(header + built.read_text(encoding="utf-8"), encoding="utf-8")


def main() -> int:
    from plotly.offline import get_plotlyjs_version

    out = ASSETS_DIR / PLOTLY_BUNDLE
    build(get_plotlyjs_version(), out)
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
