# pythondir.py: where `make install` puts the Python package for PREFIX (argv[1]): a
# directory this python3 searches for that prefix. Debian's python3 searches
# PREFIX/lib/python3.X/dist-packages for /usr/local (and /usr/lib/python3/dist-packages for
# /usr); the user's ~/.local has its site-packages; elsewhere, sysconfig's purelib.
import os
import site
import sys
import sysconfig

prefix = os.path.abspath(sys.argv[1])
version = "python%d.%d" % sys.version_info[:2]
if prefix == os.path.abspath(site.getuserbase()):
    path = site.getusersitepackages()
elif "deb_system" in sysconfig.get_scheme_names():
    path = os.path.join(prefix, "lib", "python3" if prefix == "/usr" else version,
                        "dist-packages")
else:
    path = sysconfig.get_path("purelib", "posix_prefix", vars={"base": prefix,
                                                                "platbase": prefix})
print(path)
