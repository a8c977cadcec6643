#ifndef BEVGENIE_CCURLSHIM_H
#define BEVGENIE_CCURLSHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call. These fixed-arity wrappers take
// one argument type each; the option decides which one to use (see curl_easy_setopt(3)).

typedef size_t (*bg_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);
typedef int (*bg_curl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);

CURLcode bg_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode bg_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode bg_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode bg_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode bg_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode bg_curl_setopt_data_callback(CURL *handle, CURLoption option, bg_curl_data_callback callback);
CURLcode bg_curl_setopt_progress_callback(CURL *handle, bg_curl_progress_callback callback);
typedef int (*bg_curl_sockopt_callback)(void *userdata, curl_socket_t socket, curlsocktype purpose);

CURLcode bg_curl_setopt_sockopt_callback(CURL *handle, bg_curl_sockopt_callback callback);
typedef int (*bg_curl_closesocket_callback)(void *userdata, curl_socket_t socket);

CURLcode bg_curl_setopt_closesocket_callback(CURL *handle, bg_curl_closesocket_callback callback);
CURLcode bg_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode bg_curl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
