"""What the rows of one list page share, computed once a page."""

from django.urls import reverse


class RowLinks:
    """The URLs and labels the rows of one page share: each URL pattern is
    reversed once and each label translated once, not once per row."""

    PLACEHOLDER = "2147483647"

    def __init__(self):
        self.patterns = {}
        self.labels = {}

    def url(self, url_name: str, pk: int) -> str:
        if url_name not in self.patterns:
            address = reverse(url_name, args=[self.PLACEHOLDER])
            self.patterns[url_name] = address.partition(self.PLACEHOLDER)
        head, _placeholder, tail = self.patterns[url_name]
        return f"{head}{pk}{tail}"

    def label(self, text) -> str:
        """``text`` (often a lazy translation) as a string, translated once
        a page; keyed by identity, since hashing a lazy string translates
        it."""
        if id(text) not in self.labels:
            self.labels[id(text)] = str(text)
        return self.labels[id(text)]
