# Worker fleet: launch template + Auto Scaling group (0..max_hosts), spot first with an
# on-demand floor. The manager's fleet controller (and scripts/scale.sh by hand) size the group.

locals {
  drain_hook_name = "benchfleet-drain"

  # The worker's stop grace (BENCHFLEET_WORKER_GRACEPERIOD): the hook's timeout, or 10 minutes without a hook.
  # systemd's TimeoutStopSec is this plus a margin (the unit template), so systemd never kills a draining worker.
  worker_grace_seconds = var.worker_termination_grace_seconds > 0 ? var.worker_termination_grace_seconds : 600

  # The systemd unit, shared by the user data (written at boot) and the worker image recipe (baked in, image.tf).
  worker_unit = templatefile("${path.module}/templates/benchfleet-worker.service.tftpl", {
    grace_seconds   = local.worker_grace_seconds
    resolve_secrets = var.resolve_secrets_at_start
    java_bin        = var.java_bin
    worker_jar      = var.worker_jar_path
  })

  worker_user_data = templatefile("${path.module}/templates/worker-user-data.sh.tftpl", {
    region                 = var.region
    queue_url              = aws_sqs_queue.partitions.url
    dlq_url                = aws_sqs_queue.dlq.url
    bucket                 = aws_s3_bucket.artifacts.bucket
    db_host                = aws_db_instance.main.address
    db_port                = aws_db_instance.main.port
    db_name                = var.db_name
    db_username            = var.db_username
    executor               = var.worker_executor
    resolve_secrets        = var.resolve_secrets_at_start
    resolve_secrets_script = file("${path.module}/templates/benchfleet-resolve-secrets.sh")
    exec_script            = file("${path.module}/templates/benchfleet-exec.sh")
    db_secret_arn          = local.db_secret_arn
    db_pool_size           = var.worker_db_pool_size
    secret_arns            = var.worker_secret_arns
    slots_per_host         = var.worker_slots_per_host
    harbor_image           = var.harbor_image
    jobs_dir               = var.jobs_dir
    asg_name               = local.asg_name
    drain_hook_name        = var.worker_termination_grace_seconds > 0 ? local.drain_hook_name : ""
    grace_seconds          = var.worker_termination_grace_seconds
    worker_grace_seconds   = local.worker_grace_seconds
    fail_on_pull_error     = var.worker_fail_on_image_pull_error
    java_bin               = var.java_bin
    java_opts              = var.worker_java_opts
    worker_jar             = var.worker_jar_path
    worker_unit            = local.worker_unit
    log_group              = aws_cloudwatch_log_group.worker.name
  })
}

resource "aws_launch_template" "worker" {
  name_prefix            = "${local.name}-worker-"
  description            = "benchfleet worker"
  image_id               = var.worker_ami_id
  update_default_version = true
  user_data              = base64encode(local.worker_user_data)
  vpc_security_group_ids = [aws_security_group.worker.id]
  ebs_optimized          = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.worker.arn
  }

  # IMDSv2 only. Hop limit 1 (default): containers on Docker's bridge network (agents, task
  # environments) cannot reach the metadata service and so cannot borrow the worker's role.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = var.worker_imds_hop_limit
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = var.worker_root_device_name

    ebs {
      volume_size           = var.worker_root_volume_size_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = false
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.common_tags, { Name = "${local.name}-worker", Role = "worker" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.common_tags, { Name = "${local.name}-worker", Role = "worker" })
  }

  tags = { Name = "${local.name}-worker" }
}

resource "aws_autoscaling_group" "workers" {
  name                = local.asg_name
  min_size            = 0
  max_size            = var.max_hosts
  desired_capacity    = 0
  vpc_zone_identifier = aws_subnet.private[*].id

  health_check_type         = "EC2"
  health_check_grace_period = 300
  capacity_rebalance        = true

  # Never terminate a busy host: every instance is protected from the group's own scale-in, so a lower desired
  # capacity never picks a victim. The manager's fleet controller scales in by terminating the idle instances it
  # chose from the worker registry (TerminateInstanceInAutoScalingGroup, decrementing the desired capacity); the
  # terminating lifecycle hook then lets the worker drain. Spot interruptions and health replacements still
  # terminate protected instances, and the workers drain for those too.
  protect_from_scale_in     = true
  wait_for_capacity_timeout = "0"
  termination_policies      = ["OldestLaunchTemplate", "OldestInstance"]

  enabled_metrics = [
    "GroupDesiredCapacity",
    "GroupInServiceInstances",
    "GroupPendingInstances",
    "GroupTerminatingInstances",
    "GroupTotalInstances",
    "GroupInServiceCapacity",
  ]

  mixed_instances_policy {
    instances_distribution {
      on_demand_base_capacity                  = var.on_demand_base_capacity
      on_demand_percentage_above_base_capacity = var.on_demand_percentage_above_base_capacity
      on_demand_allocation_strategy            = "prioritized"
      spot_allocation_strategy                 = "price-capacity-optimized"
    }

    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.worker.id
        version            = aws_launch_template.worker.latest_version
      }

      dynamic "override" {
        for_each = var.worker_instance_types

        content {
          instance_type = override.value
        }
      }
    }
  }

  # Draining: a terminating worker waits in Terminating:Wait for up to the grace period; the
  # worker sees it at IMDS autoscaling/target-lifecycle-state, stops taking messages, finishes or
  # releases its trials and may complete the action early.
  dynamic "initial_lifecycle_hook" {
    for_each = var.worker_termination_grace_seconds > 0 ? [var.worker_termination_grace_seconds] : []

    content {
      name                 = local.drain_hook_name
      lifecycle_transition = "autoscaling:EC2_INSTANCE_TERMINATING"
      default_result       = "CONTINUE"
      heartbeat_timeout    = initial_lifecycle_hook.value
    }
  }

  tag {
    key                 = "Name"
    value               = "${local.name}-worker"
    propagate_at_launch = true
  }

  dynamic "tag" {
    for_each = local.common_tags

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    # The manager's fleet controller and scripts/scale.sh own the desired capacity.
    ignore_changes = [desired_capacity]

    precondition {
      condition     = length(local.worker_user_data) <= 16384
      error_message = "The rendered worker user data exceeds EC2's 16 KiB limit."
    }

    precondition {
      condition     = var.on_demand_base_capacity <= var.max_hosts
      error_message = "on_demand_base_capacity cannot exceed max_hosts."
    }
  }

  depends_on = [
    aws_route.private_nat,
    aws_vpc_endpoint.s3,
    aws_iam_role_policy.worker,
  ]
}
