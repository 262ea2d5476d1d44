"""Reports, figures and data exports: what analysts publish and hand to colleagues.

- :mod:`redline.report.content` gathers everything a report shows (chronology, issue-by-issue
  comparisons with the actors' maximal demands, drift, version comparisons, affinity, criteria, red
  lines, scenario results, the case's findings) with the provisions and sources behind each number.
- :mod:`redline.report.figures` draws the dashboard's charts with matplotlib (vector SVG/PDF, PNG at
  print resolution), each with a caption and a source line.
- :mod:`redline.report.build` renders the report as a self-contained HTML file or a PDF (WeasyPrint),
  in English or German (:mod:`redline.report.i18n`).
- :mod:`redline.report.exports` writes codings, positions, alignments and scenario results as CSV,
  XLSX, JSON or Parquet (and reads them back), the codebook as REFI-QDA, the case as a bundle.
"""
