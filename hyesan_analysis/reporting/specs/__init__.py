"""One module per report: each defines SPEC (a ReportSpec)."""
