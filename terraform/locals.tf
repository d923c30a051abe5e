locals {
  # Prefix of every resource name, e.g. "benchfleet-prod".
  name = "${var.name}-${var.environment}"

  common_tags = merge(
    {
      Project     = var.name
      Environment = var.environment
      ManagedBy   = "terraform"
    },
    var.tags,
  )

  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  # Known before the ASG exists, so the launch template's user data and the worker
  # IAM policy can name the group without a dependency cycle.
  asg_name = "${local.name}-workers"

  manager_ami_id = var.manager_ami_id != "" ? var.manager_ami_id : var.worker_ami_id

  # Prefixes of the artifact bucket (see docs/design.md, "Running a trial" and "Reports").
  runs_prefix    = "runs/"
  reports_prefix = "reports/"

  db_secret_arn = aws_db_instance.main.master_user_secret[0].secret_arn
}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}
