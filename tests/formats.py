"""Test documents in the formats newsrooms receive, built from the text sources in
``tests/data/formats`` (a PDF's pages are split at ``=PAGE=``), plus the bad inputs a
service must refuse: an encrypted PDF, an image-only PDF, a zip bomb named .docx."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

DATA = Path(__file__).parent / "data" / "formats"
HTML = Path(__file__).parent / "data" / "html"
TRAMS = HTML / "transit_1.html"

# One question per format: (question, the file that answers it, the fact, where its citation sits).
QUESTIONS = [
    (
        "How much did the Valdern Water Authority spend on its capital programme?",
        "water_report.pdf",
        "91 million",
        {"page": 2},
    ),
    ("Who leads the Centre for River Resilience at Harlow University?", "harlow_release.docx", "Brandt", {}),
    (
        "How many passengers a day is the Kellbridge tram extension expected to carry?",
        "kellbridge_trams.html",
        "9,500",
        {"published": "2025-09-02"},
    ),
]


def formats_corpus(root: Path) -> Path:
    """A corpus folder holding one document of each format, under ``root``."""
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "water_report.pdf").write_bytes(pdf())
    (corpus / "harlow_release.docx").write_bytes(docx())
    shutil.copy(TRAMS, corpus / "kellbridge_trams.html")
    return corpus


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def pdf(source: Path = DATA / "water_report.txt") -> bytes:
    from fpdf import FPDF

    doc = FPDF(format="A4")
    doc.set_auto_page_break(True, margin=20)
    for i, page in enumerate(source.read_text(encoding="utf-8").split("=PAGE=")):
        doc.add_page()
        for j, para in enumerate(paragraphs(page)):
            heading = j == 0 and (i == 0 or len(para) < 60)
            doc.set_font("Helvetica", "B" if heading else "", 15 if heading else 11)
            doc.multi_cell(0, 7 if heading else 5.5, para)
            doc.ln(4)
    return bytes(doc.output())


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_only_pdf() -> bytes:
    """A 'scan': pages with drawings and no text layer."""
    from fpdf import FPDF

    doc = FPDF(format="A4")
    for _ in range(2):
        doc.add_page()
        for k in range(30):
            doc.rect(20, 20 + 8 * k, 170 - 3 * k, 4, style="F")
    return bytes(doc.output())


def docx(source: Path = DATA / "university_release.txt") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    paras = paragraphs(source.read_text(encoding="utf-8"))
    document.add_heading(paras[0], level=1)
    for para in paras[1:]:
        document.add_paragraph(para)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(inflated: int = 200_000_000) -> bytes:
    """A .docx-shaped zip whose document.xml inflates to ``inflated`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * 1_000_000
            for _ in range(inflated // len(block)):
                member.write(block)
    return out.getvalue()
