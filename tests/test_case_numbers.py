import pytest

from app.cases import CaseNumberError, parse_case_number


@pytest.mark.parametrize(
    ("text", "year", "court", "type_code", "sequence", "canonical"),
    [
        ("（2021）豫0823民初1234号", 2021, "豫0823", "民初", 1234, "（2021）豫0823民初1234号"),
        ("(2021)豫0823民初1234号", 2021, "豫0823", "民初", 1234, "（2021）豫0823民初1234号"),
        ("（2021）豫0823执恢12号", 2021, "豫0823", "执恢", 12, "（2021）豫0823执恢12号"),
        ("（2021）豫0823执保7号", 2021, "豫0823", "执保", 7, "（2021）豫0823执保7号"),
        ("（2021）豫0823诉前调5号", 2021, "豫0823", "诉前调", 5, "（2021）豫0823诉前调5号"),
        ("（2020）豫0823刑初88号", 2020, "豫0823", "刑初", 88, "（2020）豫0823刑初88号"),
        ("〔2020〕豫08民终99号", 2020, "豫08", "民终", 99, "（2020）豫08民终99号"),
        ("（2021）豫民再3号", 2021, "豫", "民再", 3, "（2021）豫民再3号"),
        ("（2021）最高法民申1号", 2021, "最高法", "民申", 1, "（2021）最高法民申1号"),
        ("（２０２１）豫0823刑初１２号", 2021, "豫0823", "刑初", 12, "（2021）豫0823刑初12号"),
        (" （2021）豫0823 民初 1234 号 ", 2021, "豫0823", "民初", 1234, "（2021）豫0823民初1234号"),
        ("（2021）豫0823执1号之一", 2021, "豫0823", "执", 1, "（2021）豫0823执1号之一"),
    ],
)
def test_valid_case_numbers(text, year, court, type_code, sequence, canonical):
    number = parse_case_number(text)
    assert (number.year, number.court_code, number.type_code, number.sequence) == (year, court, type_code, sequence)
    assert str(number) == canonical


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "The case number is empty."),
        ("2021豫0823民初1号", "starts with the year in brackets"),
        ("（21）豫0823民初1号", "starts with the year in brackets"),
        ("（2021）豫0823民初12", "ends with 号"),
        ("（2021）0823民初1号", "court code"),
        ("（2021）豫0823民初号", "sequence number is missing"),
        ("（1921）豫0823民初1号", "not plausible"),
        ("（2021）豫0823民初0号", "cannot be 0"),
        ("（2021）豫0823民初abc号", "sequence number is missing"),
    ],
)
def test_invalid_case_numbers_say_why(text, reason):
    with pytest.raises(CaseNumberError, match=reason):
        parse_case_number(text)


def test_reasons_are_in_chinese_in_the_app(app):
    with app.test_request_context("/"), pytest.raises(CaseNumberError, match="缺少案件序号"):
        parse_case_number("（2021）豫0823民初号")
