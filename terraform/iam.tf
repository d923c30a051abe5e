# Least-privilege instance roles: one for the workers, one for the manager.

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

locals {
  bucket_arn      = aws_s3_bucket.artifacts.arn
  runs_objects    = "${aws_s3_bucket.artifacts.arn}/${local.runs_prefix}*"
  reports_objects = "${aws_s3_bucket.artifacts.arn}/${local.reports_prefix}*"

  # Built from names known before the ASG exists (no dependency cycle through the launch template).
  worker_asg_arn = "arn:${data.aws_partition.current.partition}:autoscaling:${var.region}:${data.aws_caller_identity.current.account_id}:autoScalingGroup:*:autoScalingGroupName/${local.asg_name}"

  worker_secret_arns  = distinct(concat([local.db_secret_arn], values(var.worker_secret_arns)))
  manager_secret_arns = distinct(concat([local.db_secret_arn], values(var.manager_secret_arns)))

  ssm_core_policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# ---------------------------------------------------------------------------
# Worker
# ---------------------------------------------------------------------------

resource "aws_iam_role" "worker" {
  name_prefix        = "${local.name}-worker-"
  description        = "benchfleet worker hosts"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_instance_profile" "worker" {
  name_prefix = "${local.name}-worker-"
  role        = aws_iam_role.worker.name
}

data "aws_iam_policy_document" "worker" {
  # Consume partition requests. Sending is not allowed to workers at all.
  # GetQueueAttributes/GetQueueUrl are read-only lookups the SQS listener container makes at start.
  statement {
    sid = "ConsumePartitionQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [aws_sqs_queue.partitions.arn]
  }

  # Trial artifacts: s3://bucket/runs/<job-exec>/<partition>/...
  statement {
    sid       = "RunArtifacts"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
    resources = [local.runs_objects]
  }

  statement {
    sid       = "ReadNamedSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = local.worker_secret_arns
  }

  dynamic "statement" {
    for_each = length(var.secrets_kms_key_arns) > 0 ? [1] : []

    content {
      sid       = "DecryptSecretsViaSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = var.secrets_kms_key_arns

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${var.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.worker.arn}:*"]
  }

  # Draining: a terminating worker may end (or extend) its own termination wait in this ASG only.
  dynamic "statement" {
    for_each = var.worker_termination_grace_seconds > 0 ? [1] : []

    content {
      sid       = "DrainLifecycleHook"
      actions   = ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"]
      resources = [local.worker_asg_arn]
    }
  }

  dynamic "statement" {
    for_each = length(var.harbor_ecr_repository_arns) > 0 ? [1] : []

    content {
      sid       = "EcrLogin"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"] # GetAuthorizationToken has no resource-level permissions
    }
  }

  dynamic "statement" {
    for_each = length(var.harbor_ecr_repository_arns) > 0 ? [1] : []

    content {
      sid       = "EcrPullHarbor"
      actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
      resources = var.harbor_ecr_repository_arns
    }
  }
}

resource "aws_iam_role_policy" "worker" {
  name   = "benchfleet-worker"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json
}

resource "aws_iam_role_policy_attachment" "worker_ssm" {
  count = var.enable_worker_ssm ? 1 : 0

  role       = aws_iam_role.worker.name
  policy_arn = local.ssm_core_policy_arn
}

# ---------------------------------------------------------------------------
# Manager
# ---------------------------------------------------------------------------

resource "aws_iam_role" "manager" {
  name_prefix        = "${local.name}-manager-"
  description        = "benchfleet manager host"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_instance_profile" "manager" {
  name_prefix = "${local.name}-manager-"
  role        = aws_iam_role.manager.name
}

data "aws_iam_policy_document" "manager" {
  statement {
    sid       = "SendPartitionRequests"
    actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = [aws_sqs_queue.partitions.arn]
  }

  # Queue depth of the DLQ for status and reports; no receive, no purge.
  statement {
    sid       = "ReadDeadLetterQueueAttributes"
    actions   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = [aws_sqs_queue.dlq.arn]
  }

  statement {
    sid       = "ReadWriteRunsAndReports"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = [local.runs_objects, local.reports_objects]
  }

  statement {
    sid       = "ListRunsAndReports"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [local.runs_prefix, "${local.runs_prefix}*", local.reports_prefix, "${local.reports_prefix}*"]
    }
  }

  # Resize THIS group only, and never above max_hosts.
  statement {
    sid       = "ScaleWorkerGroup"
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:UpdateAutoScalingGroup"]
    resources = [aws_autoscaling_group.workers.arn]

    condition {
      test     = "NumericLessThanEqualsIfExists"
      variable = "autoscaling:MaxSize"
      values   = [tostring(var.max_hosts)]
    }
  }

  # Scale-in: the fleet controller terminates the idle instances it chose from the worker registry (never a busy
  # one), decrementing the desired capacity; the instances are protected from the group's own scale-in.
  statement {
    sid       = "TerminateIdleWorkers"
    actions   = ["autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = [aws_autoscaling_group.workers.arn]
  }

  # Describe* calls have no resource-level permissions: they need "*".
  statement {
    sid = "DescribeFleet"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeScalingActivities",
      "ec2:DescribeInstances",
      "ec2:DescribeInstanceStatus",
      "ec2:DescribeSpotInstanceRequests",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ReadSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = local.manager_secret_arns
  }

  dynamic "statement" {
    for_each = length(var.secrets_kms_key_arns) > 0 ? [1] : []

    content {
      sid       = "DecryptSecretsViaSecretsManager"
      actions   = ["kms:Decrypt"]
      resources = var.secrets_kms_key_arns

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${var.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.manager.arn}:*"]
  }

  dynamic "statement" {
    for_each = length(var.notification_topic_arns) > 0 ? [1] : []

    content {
      sid       = "PublishRunNotices"
      actions   = ["sns:Publish"]
      resources = var.notification_topic_arns
    }
  }
}

resource "aws_iam_role_policy" "manager" {
  name   = "benchfleet-manager"
  role   = aws_iam_role.manager.id
  policy = data.aws_iam_policy_document.manager.json
}

# Session Manager access to the manager host (no SSH, no inbound ports).
resource "aws_iam_role_policy_attachment" "manager_ssm" {
  role       = aws_iam_role.manager.name
  policy_arn = local.ssm_core_policy_arn
}

# ---------------------------------------------------------------------------
# Log groups
# ---------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/${var.name}/${var.environment}/worker"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "manager" {
  name              = "/${var.name}/${var.environment}/manager"
  retention_in_days = var.log_retention_days
}
