"""Expected values are hand calculations."""

from decimal import Decimal as D

from generator.compute.rounding import change, q2, share
from generator.formats import cell, cn, money, pct


def test_half_up_not_bankers():
    assert q2(D("0.125")) == D("0.13")
    assert q2(D("0.135")) == D("0.14")
    assert q2(D("-0.125")) == D("-0.13")
    assert share(D("1"), D("32")) == D("3.13")  # 3.125 exactly


def test_share_of_zero_whole_is_zero():
    assert share(D("5"), D("0")) == D("0.00")


def test_growth_from_prior_zero_is_100():
    c = change(D("1008.30"), D("0"))
    assert (c.verb, c.amount, c.trend, c.rate) == ("增加", D("1008.30"), "增长", D("100.00"))


def test_both_zero_is_increase_zero():
    c = change(D("0"), D("0"))
    assert (c.verb, c.amount, c.trend, c.rate) == ("增加", D("0.00"), "增长", D("0.00"))


def test_to_zero_is_minus_100():
    c = change(D("0"), D("113.00"))
    assert (c.verb, c.amount, c.trend, c.rate) == ("减少", D("113.00"), "下降", D("100.00"))


def test_negative_change():
    # 421.68 vs 428.18: 6.50 / 428.18 = 1.5180...% → 1.52
    c = change(D("421.68"), D("428.18"))
    assert (c.verb, c.amount, c.trend, c.rate) == ("减少", D("6.50"), "下降", D("1.52"))


def test_unchanged():
    c = change(D("6.39"), D("6.39"))
    assert (c.verb, c.amount, c.rate) == ("增加", D("0.00"), D("0.00"))


def test_formatting():
    assert money(D("1744.68")) == "1,744.68"
    assert money(D("0")) == "0.00"
    assert cell(D("0")) == ""
    assert cell(D("45850.42")) == "45,850.42"
    assert pct(D("100")) == "100.00"
    assert [cn(1), cn(10), cn(12), cn(21)] == ["一", "十", "十二", "二十一"]
    assert cn(10, True) == "一十" and cn(19, True) == "一十九"
