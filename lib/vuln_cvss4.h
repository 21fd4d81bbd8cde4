/*
 * vuln_cvss4.h: the data of the CVSS v4.0 scoring method, for vuln.c only
 * (defined in vuln_cvss4_table.c): the score of each of the 270 macro
 * vectors (FIRST CVSS v4.0 specification, "CVSS v4.0 Scoring": the
 * macro vector lookup). Not part of vuln.h's contract.
 */
#ifndef CVD_VULN_CVSS4_H
#define CVD_VULN_CVSS4_H

#include <stdint.h>

/* vuln_cvss4_macro_score[eq1][eq2][eq3][eq4][eq5][eq6]: the score of macro
 * vector "eq1 eq2 eq3 eq4 eq5 eq6", times 10 (1..100). 0 marks the classes
 * that do not exist (EQ3 2 only comes with EQ6 1). */
extern const uint8_t vuln_cvss4_macro_score[3][2][3][3][3][2];

#endif
