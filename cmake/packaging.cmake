# The install layout (`cmake --install`) and the Debian package (CPack), docs/operations.md "Install".
#
#   <prefix>/bin/lakefeed
#   <prefix>/lib/systemd/system/lakefeed.service        the sandboxed service (packaging/lakefeed.service)
#   /etc/lakefeed/lakefeed.yaml (<prefix>/etc/... unless the prefix is /usr)   a sample task config (a conffile)
#   <prefix>/share/doc/lakefeed/                         README.md, BENCHMARKS.md, docs/
#   <prefix>/share/lakefeed/examples/triggers/           the Lambda shim and example handlers
#
# The package: `cpack --config build/release/CPackConfig.cmake -G DEB` (scripts/test-package builds, installs and
# checks it). Its dependencies come from dpkg-shlibdeps on the binary.
include(GNUInstallDirs)

install(TARGETS lakefeed RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES packaging/lakefeed.service DESTINATION lib/systemd/system)
# The sample config: /etc/lakefeed for the /usr prefix (the package), <prefix>/etc/lakefeed otherwise. Decided at
# install time, when the prefix is known (`cmake --install --prefix` may change it); file(INSTALL) adds DESTDIR.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(lakefeed_sysconf /etc/lakefeed)
  else()
    set(lakefeed_sysconf \"\${CMAKE_INSTALL_PREFIX}/etc/lakefeed\")
  endif()
  file(INSTALL \"${PROJECT_SOURCE_DIR}/packaging/lakefeed.yaml\" DESTINATION \"\${lakefeed_sysconf}\")
")
install(FILES README.md BENCHMARKS.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lakefeed/examples)

set(CPACK_PACKAGE_NAME lakefeed)
set(CPACK_PACKAGE_VENDOR "lakefeed")
set(CPACK_PACKAGE_CONTACT "lakefeed maintainers <lakefeed@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MySQL/MariaDB change data capture into S3, DMS-format files and Iceberg")
set(CPACK_PACKAGE_DESCRIPTION
    "lakefeed reads the MySQL/MariaDB binlog as a replica, takes a lock-free full load, writes DMS-compatible
change files (CSV or Parquet) to S3 or a directory exactly once, runs handlers for every new file, and merges the
changes into Apache Iceberg tables.")
# Installed with DESTDIR under the /usr prefix, so that the install code above puts the config in /etc.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The sample config is the administrator's once installed: an upgrade asks before replacing an edited one.
file(WRITE ${CMAKE_BINARY_DIR}/packaging/conffiles "/etc/lakefeed/lakefeed.yaml\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/packaging/conffiles)
include(CPack)
