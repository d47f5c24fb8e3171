"""Real PDFs made in the tests with fpdf2 (DejaVu keeps Dutch accents and curly quotes)."""
from __future__ import annotations

from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def make_pdf(path: Path, pages: list[str], password: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A PDF whose only page content is a drawing: no text layer, like a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path
