"""The household ledger (가계부): transactions, monthly budgets, reports, CSV import and export."""
