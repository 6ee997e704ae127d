"""Settings of the benchmark: the project's, plus the bench URLs (reference
list, stock admin of orders) and a header counting SQL queries."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIDDLEWARE

ROOT_URLCONF = "bench.urls"

# Listed as an app only so that its templates are found.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

# First, so that the queries of every other middleware are counted too.
MIDDLEWARE = ["bench.querycount.QueryCountMiddleware", *MIDDLEWARE]
