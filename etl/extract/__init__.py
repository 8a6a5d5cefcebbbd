"""Indicator figures read out of narrative reports (.txt, .docx) as candidates to review;
the accepted ones are stored like any upload, with their sentence as provenance.

    load_document → extract_document → (review) → import_candidates
"""

from etl.extract.candidate import STATEMENT_TYPES, Candidate
from etl.extract.catalog import Catalog
from etl.extract.documents import Document, is_supported, load_document
from etl.extract.extractor import extract_document, extract_text
from etl.extract.importer import ImportReport, import_candidates

__all__ = ["STATEMENT_TYPES", "Candidate", "Catalog", "Document", "ImportReport",
           "extract_document", "extract_text", "import_candidates", "is_supported",
           "load_document"]
