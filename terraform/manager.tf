# Manager host: one small instance in a private subnet, reached with SSM Session Manager,
# running `manager serve` (schedules nightly runs, sizes the worker ASG, writes reports).

locals {
  manager_user_data = templatefile("${path.module}/templates/manager-user-data.sh.tftpl", {
    region                 = var.region
    queue_url              = aws_sqs_queue.partitions.url
    dlq_url                = aws_sqs_queue.dlq.url
    bucket                 = aws_s3_bucket.artifacts.bucket
    reports_prefix         = local.reports_prefix
    db_host                = aws_db_instance.main.address
    db_port                = aws_db_instance.main.port
    db_name                = var.db_name
    db_username            = var.db_username
    resolve_secrets        = var.resolve_secrets_at_start
    resolve_secrets_script = file("${path.module}/templates/benchfleet-resolve-secrets.sh")
    exec_script            = file("${path.module}/templates/benchfleet-exec.sh")
    db_secret_arn          = local.db_secret_arn
    secret_arns            = var.manager_secret_arns
    asg_name               = aws_autoscaling_group.workers.name
    max_hosts              = var.max_hosts
    slots_per_host         = var.worker_slots_per_host
    harbor_image           = var.harbor_image
    java_bin               = var.java_bin
    java_opts              = var.manager_java_opts
    manager_jar            = var.manager_jar_path
    serve_args             = var.manager_serve_args
    startup_overhead_s     = var.worker_boot_to_ready_seconds
    log_group              = aws_cloudwatch_log_group.manager.name
  })
}

resource "aws_instance" "manager" {
  ami                    = local.manager_ami_id
  instance_type          = var.manager_instance_type
  subnet_id              = aws_subnet.private[0].id
  vpc_security_group_ids = [aws_security_group.manager.id]
  iam_instance_profile   = aws_iam_instance_profile.manager.name
  user_data              = local.manager_user_data
  ebs_optimized          = true
  monitoring             = false

  # Changing the user data needs a stop/start of the manager, not a new instance.
  user_data_replace_on_change = false

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_size           = var.manager_root_volume_size_gb
    volume_type           = "gp3"
    encrypted             = true
    delete_on_termination = true
  }

  tags = { Name = "${local.name}-manager", Role = "manager" }

  lifecycle {
    # A new AMI for the workers must not silently replace a manager mid-run.
    ignore_changes = [ami]

    precondition {
      condition     = length(local.manager_user_data) <= 16384
      error_message = "The rendered manager user data exceeds EC2's 16 KiB limit."
    }
  }

  depends_on = [
    aws_route.private_nat,
    aws_iam_role_policy.manager,
    aws_iam_role_policy_attachment.manager_ssm,
  ]
}
