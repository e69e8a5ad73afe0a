# _paths.py: where make install put liblmcost.so (None in a clone: build/ is used).
# make install writes this file anew with the installed PREFIX's library directory.
LIBDIR = None
