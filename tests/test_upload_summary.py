"""The upload preview's summary names the first regions and counts the rest right:
"等 15 个" counts them all in Chinese, "and 7 more" the ones not named in English."""

from dashboard.upload.views import SHOWN_NAMES, _names


def test_the_summary_counts_the_regions_it_does_not_name():
    codes = [f"r{i}" for i in range(15)]
    names = {c: f"City {i}" for i, c in enumerate(codes)}
    english = _names(codes, names, "en")
    assert english.endswith(f"and {15 - SHOWN_NAMES} more") and "City 7" in english
    assert "City 8" not in english
    assert _names(codes, {c: f"市{i}" for i, c in enumerate(codes)}, "zh").endswith("等 15 个")
    assert _names(codes[:3], names, "en") == "City 0, City 1, City 2"
