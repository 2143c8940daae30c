"""Reading rendered PDFs back: their text (pypdf) and their fonts, to check what a person would see."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """Every page's text, its runs of white space (where a line wrapped, a cell ended) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pdf_fonts(content: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font the pages use."""
    reader = PdfReader(io.BytesIO(content))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts
