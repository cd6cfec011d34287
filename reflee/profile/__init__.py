"""The user's profile (프로필): who they are, for matching policies. Entered by the user, with income
inferred from the ledger when it is not entered."""
