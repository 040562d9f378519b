/* pasvctl.exe resource ids: strings (4000-4999).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_CLI_H
#define PASV_RESOURCE_CLI_H

/* Version and help (4000-4019) */
#define IDS_CLI_VERSION          4000
#define IDS_CLI_USAGE            4001
#define IDS_CLI_UNKNOWN_COMMAND  4002
#define IDS_CLI_HELP_STATUS      4010
#define IDS_CLI_HELP_APPLY       4011
#define IDS_CLI_HELP_REMOVE      4012
#define IDS_CLI_HELP_AUDIT       4013
#define IDS_CLI_HELP_EXPORT      4014
#define IDS_CLI_HELP_SELFTEST    4015

/* Argument errors (4020-4039): %1 the argument, %2 the value */
#define IDS_CLI_ERR_UNKNOWN_OPTION  4020
#define IDS_CLI_ERR_MISSING_VALUE   4021
#define IDS_CLI_ERR_BAD_VALUE       4022
#define IDS_CLI_ERR_MISSING_RANGE   4023
#define IDS_CLI_ERR_EXTRA_ARGUMENT  4024
#define IDS_CLI_ERR_DUPLICATE       4025
#define IDS_CLI_ERR_CONFLICT        4026
#define IDS_CLI_ERR_TOO_LONG        4027
#define IDS_CLI_ERR_PREFIX          4028
#define IDS_CLI_ERR_NEED_YES        4029
#define IDS_CLI_ERR_EXPORT_RANGE    4030

/* Environment errors (4040-4049) */
#define IDS_CLI_ERR_NO_SERVER       4040
#define IDS_CLI_ERR_NOT_ELEVATED    4041
#define IDS_CLI_ERR_FIREWALL        4042
#define IDS_CLI_ERR_READ_RANGE      4043
#define IDS_CLI_ERR_SESSION         4044
#define IDS_CLI_ERR_WRITE_FILE      4045
#define IDS_CLI_ERR_COM             4046

/* status (4050-4089) */
#define IDS_CLI_ST_SERVER           4050
#define IDS_CLI_ST_RUNNING          4051
#define IDS_CLI_ST_STOPPED          4052
#define IDS_CLI_ST_PENDING          4053
#define IDS_CLI_ST_UNKNOWN          4054
#define IDS_CLI_ST_RANGE            4055
#define IDS_CLI_ST_RANGE_UNSET      4056
#define IDS_CLI_ST_FIREWALL         4057
#define IDS_CLI_ST_PROFILE          4058
#define IDS_CLI_ST_PROFILE_DOMAIN   4059
#define IDS_CLI_ST_PROFILE_STANDARD 4060
#define IDS_CLI_ST_PROFILE_PRIVATE  4061
#define IDS_CLI_ST_PROFILE_PUBLIC   4062
#define IDS_CLI_ST_ON               4063
#define IDS_CLI_ST_OFF              4064
#define IDS_CLI_ST_CURRENT          4065
#define IDS_CLI_ST_NO_EXCEPTIONS    4066
#define IDS_CLI_ST_AUDIT            4067
#define IDS_CLI_ST_WARNINGS         4068
#define IDS_CLI_ST_NO_WARNINGS      4069
#define IDS_CLI_WARN_NO_EXCEPTIONS  4070
#define IDS_CLI_WARN_GP_OVERRIDE    4071
#define IDS_CLI_WARN_DYNAMIC        4072
#define IDS_CLI_WARN_LISTENING      4073
#define IDS_CLI_WARN_FIREWALL_OFF   4074
#define IDS_CLI_ST_NO_FIREWALL      4075
#define IDS_CLI_ST_NO_SERVER        4076

/* apply / remove (4090-4119) */
#define IDS_CLI_AP_PLAN             4090
#define IDS_CLI_AP_CONFIRM          4091
#define IDS_CLI_AP_NOTHING          4092
#define IDS_CLI_AP_DRY_RUN          4093
#define IDS_CLI_AP_CANCELLING       4094
#define IDS_CLI_AP_NOT_CONFIRMED    4095
#define IDS_CLI_AP_ROLLED_BACK      4096
#define IDS_CLI_AP_ROLLBACK_FAILED  4097
#define IDS_CLI_AP_TRAIL_FAILED     4098
#define IDS_CLI_AP_APPLYING         4099
#define IDS_CLI_AP_REMOVE_PLAN      4100
#define IDS_CLI_AP_FOREIGN_KEPT     4101
#define IDS_CLI_AP_LOGGED           4102

/* audit / export (4120-4139) */
#define IDS_CLI_AU_HEADER           4120
#define IDS_CLI_AU_WRITTEN          4121
#define IDS_CLI_EX_WRITTEN          4122

/* selftest (4140-4179) */
#define IDS_CLI_SELFTEST_PASS       4140
#define IDS_CLI_SELFTEST_FAIL       4141
#define IDS_CLI_SELFTEST_INFO       4142
#define IDS_CLI_STEP_CONNECT        4143
#define IDS_CLI_STEP_GREETING       4144
#define IDS_CLI_STEP_LOGIN          4145
#define IDS_CLI_STEP_PASV           4146
#define IDS_CLI_STEP_EPSV           4147
#define IDS_CLI_STEP_ADDRESS        4148
#define IDS_CLI_STEP_IN_RANGE       4149
#define IDS_CLI_STEP_DATA           4150
#define IDS_CLI_STEP_LIST           4151
#define IDS_CLI_SELFTEST_RESULT_OK  4152
#define IDS_CLI_SELFTEST_RESULT_BAD 4153
#define IDS_CLI_WHY_NO_REPLY        4154
#define IDS_CLI_WHY_BAD_REPLY       4155
#define IDS_CLI_WHY_PRIVATE         4156
#define IDS_CLI_WHY_OUT_OF_RANGE    4157
#define IDS_CLI_WHY_CLOSED_PORT     4158
#define IDS_CLI_WHY_RANGE_UNKNOWN   4159
#define IDS_CLI_WHY_RESOLVE         4160
#define IDS_CLI_ERR_NO_RULES_API    4161

/* Issue 11 repair paths (4200-4219): a range set by hand, remove without IIS, the service's
 * state kept, Group Policy and "no exceptions" as blocking preflight findings. */
#define IDS_REP_ST_RANGE_INVALID    4200
#define IDS_REP_NO_FTP_RANGE        4201
#define IDS_REP_SERVICE_STOPPED     4202
#define IDS_REP_SERVICE_DISABLED    4203
#define IDS_REP_GP_OVERRIDE         4204
#define IDS_REP_NO_EXCEPTIONS       4205
#define IDS_REP_WARN_RANGE_INVALID  4206
/* Issue 12: the rest of the preflight (src/win/preflight.c). */
#define IDS_REP_FIREWALL_UNREACHABLE 4207 /* %1 system text, %2 code */
#define IDS_REP_FOREIGN_IN_RANGE    4208 /* %1!u! count, %2!u! first port */

/* Issue 12: singular forms of pasvctl's counted lines (4220-4229), picked with pasv_plural_id. */
#define IDS_CLI_ST_RANGE_ONE        4220
#define IDS_CLI_WARN_LISTENING_ONE  4221
#define IDS_CLI_AP_PLAN_ONE         4222
#define IDS_CLI_AU_WRITTEN_ONE      4223

#endif /* PASV_RESOURCE_CLI_H */
