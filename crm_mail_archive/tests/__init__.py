from . import test_install
from . import test_storage
from . import test_archive
from . import test_read
from . import test_crypto
from . import test_webdav
from . import test_tour
from . import test_i18n
