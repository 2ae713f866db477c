// libcurl's types and constants only: the library is loaded by soname at run time (CurlLoader),
// so no versioned libcurl symbol is ever bound at link time.
#include <curl/curl.h>
