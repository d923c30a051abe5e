output "queue_url" {
  description = "URL of the partition request queue."
  value       = aws_sqs_queue.partitions.url
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "bucket" {
  description = "Artifact and report bucket (runs/ and reports/ prefixes)."
  value       = aws_s3_bucket.artifacts.bucket
}

output "asg_name" {
  description = "Worker Auto Scaling group name (BENCHFLEET_ASG_NAME for scripts/scale.sh)."
  value       = aws_autoscaling_group.workers.name
}

output "db_endpoint" {
  description = "Database endpoint, host:port."
  value       = aws_db_instance.main.endpoint
}

output "db_jdbc_url" {
  description = "JDBC URL of the job repository (TLS required)."
  value       = "jdbc:postgresql://${aws_db_instance.main.address}:${aws_db_instance.main.port}/${var.db_name}?sslmode=require"
}

output "db_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret holding the master user name and password."
  value       = local.db_secret_arn
}

output "manager_instance_id" {
  description = "Instance id of the manager host (aws ssm start-session --target <id>)."
  value       = aws_instance.manager.id
}

output "alarm_topic_arn" {
  description = "SNS topic the queue alarms publish to."
  value       = aws_sns_topic.alarms.arn
}

output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.main.id
}

output "private_subnet_ids" {
  description = "Private subnets of workers, manager and database."
  value       = aws_subnet.private[*].id
}

output "worker_role_arn" {
  description = "IAM role of the worker hosts."
  value       = aws_iam_role.worker.arn
}

output "manager_role_arn" {
  description = "IAM role of the manager host."
  value       = aws_iam_role.manager.arn
}

output "launch_template_id" {
  description = "Worker launch template id."
  value       = aws_launch_template.worker.id
}

output "worker_image_pipeline_arn" {
  description = "Image Builder pipeline of the worker AMI (null unless build_worker_image): aws imagebuilder start-image-pipeline-execution --image-pipeline-arn <this>."
  value       = local.image_builder ? aws_imagebuilder_image_pipeline.worker[0].arn : null
}
