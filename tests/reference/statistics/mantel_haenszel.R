# mantel_haenszel.R: reference vectors for the Mantel-Haenszel relative
# likelihood (common/stats_mh.c) from R's epiR, an implementation nobody in
# this project wrote.
#
#   Rscript tests/reference/statistics/mantel_haenszel.R [OUT_FOLDER]
#
# Reads mantel-haenszel-strata.csv (case, stratum: A events of N1 in the
# group, B events of N2 in the reference group) and writes mantel-haenszel.csv
# (to OUT_FOLDER, default this script's folder): for each case, epiR's
# epi.2by2(method = "cohort.count") Mantel-Haenszel risk ratio with the
# Greenland-Robins 95% interval (massoc.detail$RR.mh.wald), and its Woolf
# test of homogeneity of the risk ratios (massoc.detail$wRR.homog).
#
# Conventions the toolkit states and this script follows (docs/statistics.md):
#  - a stratum with no one in a group (N1 = 0 or N2 = 0) contributes nothing
#    and is not counted; it is left out before epiR sees the table (a stratum
#    with no one at all would make epiR's sums NaN);
#  - the homogeneity test uses the strata whose log ratio and its variance
#    are finite and positive (events in both groups, and not everyone in
#    both), as epiR gives NaN otherwise; df = those strata - 1. With fewer
#    than two such strata there is no test (statistic, df and p empty).
suppressPackageStartupMessages(library(epiR))
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
out <- if (length(args) >= 1) args[1] else here
s <- read.csv(file.path(here, "mantel-haenszel-strata.csv"))

table_of <- function(d) {
    # epiR's layout: [exposure (group, reference), outcome (event, none), stratum]
    x <- array(0, dim = c(2, 2, nrow(d)))
    x[1, 1, ] <- d$a
    x[1, 2, ] <- d$n1 - d$a
    x[2, 1, ] <- d$b
    x[2, 2, ] <- d$n2 - d$b
    as.table(x)
}

f17 <- function(x) ifelse(is.na(x), "", ifelse(is.infinite(x), "inf", sprintf("%.17g", x)))
rows <- list()
for (k in unique(s$case)) {
    d <- s[s$case == k, ]
    used <- d[d$n1 > 0 & d$n2 > 0, ]
    if (nrow(used) == 1) {
        # one stratum: epi.2by2 on the 2x2 table; its "MH" fields are not
        # reported for a single table, and the MH ratio and Greenland-Robins
        # variance then equal the crude ratio and Katz's variance
        m <- epi.2by2(as.table(matrix(c(used$a, used$n1 - used$a, used$b, used$n2 - used$b),
                                      nrow = 2, byrow = TRUE)), method = "cohort.count")$massoc.detail
        rr <- m$RR.strata.wald
    } else {
        m <- epi.2by2(table_of(used), method = "cohort.count")$massoc.detail
        rr <- m$RR.mh.wald
    }
    h <- used[used$a > 0 & used$b > 0 & !(used$a == used$n1 & used$b == used$n2), ]
    hs <- c(NA, NA, NA)
    if (nrow(h) >= 2) {
        w <- epi.2by2(table_of(h), method = "cohort.count")$massoc.detail$wRR.homog
        hs <- c(w$test.statistic, w$df, w$p.value)
    }
    rows[[length(rows) + 1]] <- data.frame(case = k, rr = f17(rr$est), lower = f17(rr$lower),
        upper = f17(rr$upper), strata = nrow(used), homogeneity = f17(hs[1]),
        df = ifelse(is.na(hs[2]), "", as.character(hs[2])), p = f17(hs[3]))
}
write.csv(do.call(rbind, rows), file.path(out, "mantel-haenszel.csv"), row.names = FALSE,
          quote = FALSE)
cat(sprintf("R %s, epiR %s\n", getRversion(), packageVersion("epiR")))
