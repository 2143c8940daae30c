# The fake build's fixtures, for every test here (tests/security/test_csp_and_deploy.py imports them too).
from tests.web.fake_build import built_ui, unbuilt_ui  # noqa: F401
