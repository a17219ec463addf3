"""The pure SMS rules: segments, encodings, transliteration, sender names, numbers."""

from datetime import datetime

from odoo.tests import BaseCase, tagged

from ..models.sms_text import check_sender_name, count_segments, normalize_number, quiet_until, transliterate


@tagged("at_install", "-post_install")
class TestSegments(BaseCase):
    def test_gsm7_single_and_concatenated(self):
        self.assertEqual(count_segments(""), (("GSM-7", 0, 0, 160, 160)))
        self.assertEqual(count_segments("a" * 160)[:3], ("GSM-7", 160, 1))
        self.assertEqual(count_segments("a" * 161)[:3], ("GSM-7", 161, 2))
        self.assertEqual(count_segments("a" * 306)[:3], ("GSM-7", 306, 2))
        self.assertEqual(count_segments("a" * 307)[:3], ("GSM-7", 307, 3))
        self.assertEqual(count_segments("a" * 150).remaining, 10)

    def test_extension_characters_count_two(self):
        # 159 letters + one euro sign = 161 septets: two parts
        self.assertEqual(count_segments("a" * 159 + "€")[:3], ("GSM-7", 161, 2))
        self.assertEqual(count_segments("[x]")[:2], ("GSM-7", 5))

    def test_polish_diacritics_force_ucs2(self):
        text = "Przypominamy o zapłacie faktury FV/1/2026."
        seg = count_segments(text)
        self.assertEqual((seg.encoding, seg.units, seg.segments), ("UCS-2", len(text), 1))
        self.assertEqual(count_segments("ą" * 70)[:3], ("UCS-2", 70, 1))
        self.assertEqual(count_segments("ą" * 71)[:3], ("UCS-2", 71, 2))
        self.assertEqual(count_segments("ą" * 134)[:3], ("UCS-2", 134, 2))
        self.assertEqual(count_segments("ą" * 135)[:3], ("UCS-2", 135, 3))

    def test_emoji_count_two_units(self):
        self.assertEqual(count_segments("👍")[:3], ("UCS-2", 2, 1))
        # 68 letters + one emoji = 70 units: still one part; one more letter makes two
        self.assertEqual(count_segments("a" * 68 + "👍")[:3], ("UCS-2", 70, 1))
        self.assertEqual(count_segments("a" * 69 + "👍")[:3], ("UCS-2", 71, 2))

    def test_transliteration_keeps_gsm7(self):
        text = "Zażółć gęślą jaźń ŁÓDŹ „cytat” – koniec"
        plain = transliterate(text)
        self.assertEqual(plain, 'Zazolc gesla jazn LODZ "cytat" - koniec')
        self.assertEqual(count_segments(plain).encoding, "GSM-7")
        # GSM-7 letters with accents stay; emoji have no plain form and stay
        self.assertEqual(transliterate("café Ñ 👍"), "café Ñ 👍")


@tagged("at_install", "-post_install")
class TestSenderAndNumbers(BaseCase):
    def test_sender_name(self):
        self.assertIsNone(check_sender_name("Optima"))
        self.assertIsNone(check_sender_name("Firma-1.PL"))
        self.assertIsNone(check_sender_name("ABCDEFGHIJK"))
        self.assertEqual(check_sender_name("ABCDEFGHIJKL"), "too_long")
        self.assertEqual(check_sender_name("Sklep#1"), "forbidden_characters")
        self.assertEqual(check_sender_name("Łódź"), "forbidden_characters")
        self.assertEqual(check_sender_name(" Firma"), "forbidden_characters")

    def test_polish_mobile_from_country(self):
        for typed in ("601 234 567", "+48 601-234-567", "0048601234567", "(+48) 601234567"):
            self.assertEqual(normalize_number(typed, "PL").e164, "+48601234567", typed)
        # the international prefix wins over the partner's country
        self.assertEqual(normalize_number("+48601234567", "DE").e164, "+48601234567")

    def test_fixed_line_and_invalid(self):
        warsaw_office = normalize_number("22 123 45 67", "PL")
        self.assertEqual((warsaw_office.e164, warsaw_office.error), (None, "fixed_line"))
        self.assertEqual(normalize_number("12345", "PL").error, "invalid")
        self.assertEqual(normalize_number("abc", "PL").error, "invalid")
        self.assertEqual(normalize_number("601234567", None).error, "invalid")
        self.assertEqual(normalize_number("  ", "PL").error, "missing")
        # the USA cannot tell fixed lines from mobiles: the number passes
        self.assertEqual(normalize_number("(201) 555-0123", "US").e164, "+12015550123")


@tagged("at_install", "-post_install")
class TestQuietHours(BaseCase):
    def test_spanning_midnight(self):
        self.assertEqual(quiet_until(datetime(2026, 11, 30, 23, 30), 21, 8), datetime(2026, 12, 1, 8, 0))
        self.assertEqual(quiet_until(datetime(2026, 12, 1, 6, 59), 21, 8), datetime(2026, 12, 1, 8, 0))
        self.assertIsNone(quiet_until(datetime(2026, 12, 1, 8, 0), 21, 8))
        self.assertIsNone(quiet_until(datetime(2026, 12, 1, 20, 59), 21, 8))
        self.assertEqual(quiet_until(datetime(2026, 12, 1, 21, 0), 21, 7.5), datetime(2026, 12, 2, 7, 30))

    def test_same_day_and_never(self):
        self.assertEqual(quiet_until(datetime(2026, 12, 1, 13, 15), 13, 14), datetime(2026, 12, 1, 14, 0))
        self.assertIsNone(quiet_until(datetime(2026, 12, 1, 14, 0), 13, 14))
        self.assertIsNone(quiet_until(datetime(2026, 12, 1, 3, 0), 8, 8))
