//! Scans: OCR of image-only PDFs and images through the Tesseract program.
