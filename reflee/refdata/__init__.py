"""Korean public reference data shared by the profile and policy domains.

Plain tables and pure functions (region codes and their renumbering, 기준 중위소득, the canonical
vocabularies a profile and a policy condition are both written in). No I/O, no state, no network:
everything ships inside the package.
"""
