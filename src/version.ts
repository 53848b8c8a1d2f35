/** The fio release whose behaviour dfio follows. */
export const FIO_COMPAT_VERSION = "3.33";
/** dfio's own version. */
export const DFIO_VERSION = "0.1.0";
/**
 * The version string printed wherever fio prints its own. Tools that split
 * it on `-` still find a fio version in the second field.
 */
export const VERSION_STRING = `fio-${FIO_COMPAT_VERSION}-dfio-${DFIO_VERSION}`;
