# PostgreSQL 15: Spring Batch job repository, trial_result, worker heartbeats.
# Private, encrypted, TLS enforced; the master password is generated and rotated by RDS in
# Secrets Manager (manage_master_user_password) and never appears in a variable or the state.

resource "aws_db_subnet_group" "main" {
  name_prefix = "${local.name}-"
  description = "benchfleet private subnets"
  subnet_ids  = aws_subnet.private[*].id

  tags = { Name = "${local.name}-db" }
}

resource "aws_db_parameter_group" "main" {
  name_prefix = "${local.name}-pg15-"
  family      = "postgres15"
  description = "benchfleet PostgreSQL 15"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name         = "max_connections"
    value        = tostring(var.db_max_connections)
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "main" {
  identifier     = "${local.name}-db"
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name                       = var.db_name
  username                      = var.db_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.db_secret_kms_key_arn

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.db_kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.main.name
  publicly_accessible    = false
  multi_az               = var.db_multi_az
  port                   = 5432

  backup_retention_period    = var.db_backup_retention_days
  copy_tags_to_snapshot      = true
  deletion_protection        = var.db_deletion_protection
  skip_final_snapshot        = var.db_skip_final_snapshot
  final_snapshot_identifier  = var.db_skip_final_snapshot ? null : "${local.name}-db-final"
  auto_minor_version_upgrade = true
  apply_immediately          = false

  performance_insights_enabled          = true
  performance_insights_retention_period = 7
  enabled_cloudwatch_logs_exports       = ["postgresql"]

  lifecycle {
    precondition {
      condition     = var.max_hosts * var.worker_db_pool_size + 50 <= var.db_max_connections
      error_message = "db_max_connections must be at least max_hosts x worker_db_pool_size + 50 (manager pool and headroom)."
    }
  }
}
