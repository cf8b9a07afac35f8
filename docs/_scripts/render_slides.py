"""Regenerate the PowerPoint pictures of docs/charts.md (needs LibreOffice and pdftoppm).

The docs build draws every other picture itself; these two need LibreOffice to draw
the deck, which `make docs` does not require, so they are committed. Run after a
change to the slides:

    python docs/_scripts/render_slides.py

It writes docs/_static/slides.pptx's first slide and the Kwame Mensah slide as
docs/_static/slide-overview.png and docs/_static/slide-team.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import orgshape

STATIC = Path(__file__).resolve().parent.parent / "_static"
#: (slide title prefix, picture) for each picture.
SLIDES = (("Overview", "slide-overview.png"), ("Kwame Mensah", "slide-team.png"))


def main() -> int:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print("needs soffice (libreoffice-impress) and pdftoppm (poppler-utils)")
        return 1
    org = orgshape.example()
    chart = orgshape.chart(org, highlight=orgshape.validate(org))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        deck = chart.save(work / "org.pptx")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{work / 'home'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(deck),
            ],
            check=True,
            capture_output=True,
        )
        from pptx import Presentation  # noqa: PLC0415  (the optional extra)

        titles = [s.shapes[0].text_frame.text for s in Presentation(str(deck)).slides]
        for prefix, picture in SLIDES:
            number = next(k for k, t in enumerate(titles, start=1) if t.startswith(prefix))
            stem = work / "slide"
            subprocess.run(
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    "72",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(work / "org.pdf"),
                    str(stem),
                ],
                check=True,
            )
            shutil.copy(f"{stem}.png", STATIC / picture)
            print(f"wrote {STATIC / picture} (slide {number}: {titles[number - 1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
