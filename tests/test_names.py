"""The first-name gender table and its lookup."""

import gzip
from importlib import resources

from saywho.nlp.names import female_shares, first_name_gender


def test_decisive_names_give_a_gender():
    assert first_name_gender("Hillary") == "female"
    assert first_name_gender("Lena") == "female"
    assert first_name_gender("Daniel") == "male"
    assert first_name_gender("Donald") == "male"


def test_names_given_to_both_sexes_leave_it_open():
    # Each is well represented in the table, with a share between 0.1 and 0.9.
    for name in ("Jordan", "Casey", "Taylor"):
        assert 0.1 < female_shares()[name.lower()] < 0.9
        assert first_name_gender(name) is None


def test_case_accents_and_a_surname_after_the_first_name():
    assert first_name_gender("HILLARY") == "female"
    assert first_name_gender("  daniel Okafor") == "male"
    assert first_name_gender("Zoë") == first_name_gender("Zoe") == "female"


def test_unknown_names_initials_and_empty_strings_are_none():
    assert first_name_gender("Xqzvwk") is None
    assert first_name_gender("J.") is None
    assert first_name_gender("") is None
    assert first_name_gender("   ") is None


def test_the_table_names_its_source_and_ships_in_the_package():
    raw = resources.files("saywho.nlp").joinpath("data", "first_names.tsv.gz").read_bytes()
    assert len(raw) < 1_000_000
    header = gzip.decompress(raw).decode("utf-8").splitlines()[0]
    assert header.startswith("#") and "Social Security" in header and "public domain" in header
    shares = female_shares()
    assert len(shares) > 10_000
    assert all(0.0 <= s <= 1.0 for s in shares.values())
