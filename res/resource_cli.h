/* pasvctl.exe resource ids: strings (4000-4999).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_CLI_H
#define PASV_RESOURCE_CLI_H

#define IDS_CLI_VERSION          4000
#define IDS_CLI_USAGE            4001
#define IDS_CLI_UNKNOWN_COMMAND  4002

#endif /* PASV_RESOURCE_CLI_H */
